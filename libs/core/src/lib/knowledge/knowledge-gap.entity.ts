import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Conversation } from '../conversation/conversation.entity';

/** A customer question the assistant could not answer from the knowledge base. */
@Entity({ tableName: 'knowledge_gap' })
@Index({ properties: ['workspace', 'createdAt'] })
export class KnowledgeGap extends WorkspaceScopedEntity {
  @ManyToOne(() => Conversation, { mapToPk: true, deleteRule: 'cascade' })
  conversation: string;

  @Property({ type: 'text' })
  question: string;

  /** The question's content words, sorted: rewordings of one question group together. */
  @Property({ type: 'text' })
  topic: string;
}
