import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { AUTHOR_KINDS, DELIVERY_STATUSES, MESSAGE_DIRECTIONS, type AuthorKind, type DeliveryStatus, type MessageDirection } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Conversation } from '../conversation/conversation.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';

/** A message's words as written and stemmed, accents folded (parley_search_vector, see the migration of 2026-12-04 23:00). */
export const MESSAGE_SEARCH_EXPRESSION = "parley_search_vector(coalesce(subject, '') || ' ' || coalesce(body, ''))";

@Entity({ tableName: 'message' })
@Index({
  name: 'message_retry_of_unique',
  expression: `create unique index "message_retry_of_unique" on "message" ("retry_of") where "retry_of" is not null`,
})
@Index({ name: 'message_conversation_idx', properties: ['conversation', 'createdAt', 'id'] })
@Index({
  name: 'message_search_idx',
  expression: 'create index "message_search_idx" on "message" using gin ("search_vector")',
})
// Reports: a workspace's outbound messages over time. Its columns and predicate never change after insert,
// so delivery-status updates stay HOT; inbound messages (most of ingest) do not pay for it.
@Index({
  name: 'message_outbound_created_idx',
  expression: `create index "message_outbound_created_idx" on "message" ("workspace_id", "created_at") where "direction" = 'outbound'`,
})
// The reconciler: sends still queued, oldest first (a handful at any time; a row leaves it once sent or failed).
@Index({
  name: 'message_queued_idx',
  expression: `create index "message_queued_idx" on "message" ("created_at") where "direction" = 'outbound' and "delivery_status" = 'queued'`,
})
@Unique({ name: 'message_provider_id_unique', properties: ['channelAccount', 'providerMessageId'] })
export class Message extends WorkspaceScopedEntity {
  @ManyToOne(() => Conversation, { mapToPk: true, deleteRule: 'cascade', index: false })
  conversation: string;

  /** A reply may go out on another channel of the same contact. */
  @ManyToOne(() => ChannelAccount, { mapToPk: true, deleteRule: 'cascade', index: false })
  channelAccount: string;

  @Enum({ items: () => [...MESSAGE_DIRECTIONS], nativeEnumName: 'message_direction' })
  direction: MessageDirection;

  @Enum({ items: () => [...AUTHOR_KINDS], nativeEnumName: 'author_kind' })
  authorKind: AuthorKind;

  @Property({ type: 'uuid', nullable: true })
  authorId: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorName: string | null = null;

  @Property({ type: 'text', nullable: true })
  body: string | null = null;

  @Property({ type: 'text', nullable: true })
  html: string | null = null;

  @Property({ type: 'text', nullable: true })
  subject: string | null = null;

  @Enum({ items: () => [...DELIVERY_STATUSES], nativeEnumName: 'delivery_status' })
  deliveryStatus: DeliveryStatus;

  @Property({ type: 'text', nullable: true })
  providerMessageId: string | null = null;

  @Property({ type: 'text', nullable: true })
  intent: string | null = null;

  @Property({ type: 'boolean', default: false })
  aiGenerated = false;

  @Property({ type: 'uuid', nullable: true })
  templateId: string | null = null;

  @Property({ type: 'jsonb', nullable: true })
  templateParams: string[] | null = null;

  /** Email: the other recipients (To besides the account, and Cc). */
  @Property({ type: 'jsonb', nullable: true })
  recipients: { address: string; name?: string }[] | null = null;

  /** A retry of this failed message (an operator's Retry): at most one per failed message. */
  @ManyToOne(() => Message, { mapToPk: true, nullable: true, deleteRule: 'set null', index: false, fieldName: 'retry_of' })
  retryOf: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorMessage: string | null = null;

  /**
   * Set just before a plugin is asked to send. Found set on a retry with no provider id, it means the
   * previous attempt crashed mid-send: the outcome is unknown, so it is not sent again automatically.
   */
  @Property({ type: 'timestamptz', nullable: true, hidden: true })
  sendAttemptedAt: Date | null = null;

  @Property({ type: 'tsvector', generated: `(${MESSAGE_SEARCH_EXPRESSION}) stored`, hidden: true, lazy: true })
  searchVector?: string;
}
