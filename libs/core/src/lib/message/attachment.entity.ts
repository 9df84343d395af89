import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Message } from './message.entity';

/** A stored file. The bytes live behind the storage interface; this row is what the API lists. */
@Entity({ tableName: 'attachment' })
@Index({ properties: ['message'] })
export class Attachment extends WorkspaceScopedEntity {
  @ManyToOne(() => Message, { mapToPk: true, nullable: true, deleteRule: 'cascade', index: false })
  message: string | null = null;

  @Property({ type: 'text' })
  filename: string;

  @Property({ type: 'text' })
  contentType: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'text', hidden: true })
  storageKey: string;
}
