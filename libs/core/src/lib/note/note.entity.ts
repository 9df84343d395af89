import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Conversation } from '../conversation/conversation.entity';
import { User } from '../auth/user.entity';

/** Internal note: visible to the team, never sent to the contact. */
@Entity({ tableName: 'note' })
@Index({ properties: ['conversation', 'createdAt', 'id'] })
export class Note extends WorkspaceScopedEntity {
  @ManyToOne(() => Conversation, { mapToPk: true, deleteRule: 'cascade', index: false })
  conversation: string;

  @ManyToOne(() => User, { mapToPk: true, nullable: true, deleteRule: 'set null' })
  author: string | null = null;

  @Property({ type: 'text' })
  body: string;
}
