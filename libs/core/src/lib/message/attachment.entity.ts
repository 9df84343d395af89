import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Message } from './message.entity';

/** A stored file. The bytes live behind the storage interface; this row is what the API lists. */
@Entity({ tableName: 'attachment' })
@Index({ properties: ['message'] })
// The sweep of uploads never attached to a message.
@Index({ name: 'attachment_unattached_idx', expression: 'create index "attachment_unattached_idx" on "attachment" ("created_at") where "message_id" is null' })
export class Attachment extends WorkspaceScopedEntity {
  @ManyToOne(() => Message, { mapToPk: true, nullable: true, deleteRule: 'cascade', index: false })
  message: string | null = null;

  @Property({ type: 'text' })
  filename: string;

  @Property({ type: 'text' })
  contentType: string;

  @Property({ type: 'integer' })
  size: number;

  /** Empty until the bytes are stored (inbound media is fetched from the provider after the webhook). */
  @Property({ type: 'text', hidden: true, default: '' })
  storageKey = '';

  /** `stored`, or `pending` while inbound media waits to be fetched, or `failed` when fetching gave up. */
  /** An email's inline part: its Content-ID (the HTML refers to it as `cid:…`). */
  @Property({ type: 'text', nullable: true })
  contentId: string | null = null;

  @Property({ type: 'text', default: 'stored' })
  status: 'stored' | 'pending' | 'failed' = 'stored';

  /** The provider's reference for inbound media (`InboundAttachment.ref`). */
  @Property({ type: 'text', nullable: true, hidden: true })
  sourceRef: string | null = null;
}
