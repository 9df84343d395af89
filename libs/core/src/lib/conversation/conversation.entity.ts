import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import {
  ASSISTANT_STATES,
  CHANNEL_KINDS,
  CONVERSATION_STATUSES,
  REPLY_STATES,
  type AssistantState,
  type ChannelKind,
  type ConversationStatus,
  type ReplyState,
} from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Contact } from '../contact/contact.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { User } from '../auth/user.entity';
import { Campaign } from '../campaign/campaign.entity';

/** A human must act: escalated and waiting for our reply, or an AI draft waits for approval. */
export const REQUIRES_ACTION_EXPRESSION = "((status = 'human_handling' and reply_state = 'awaiting_reply') or pending_drafts > 0)";

// Every list filter of API.md has an index that also serves the (last_activity_at, id) keyset order.
@Index({
  name: 'conversation_reference_idx',
  expression: `create index "conversation_reference_idx" on "conversation" ("workspace_id", upper(right(replace(id::text, '-', ''), 12)))`,
})
@Entity({ tableName: 'conversation' })
@Index({ name: 'conversation_list_idx', properties: ['workspace', 'archived', 'lastActivityAt', 'id'] })
@Index({ name: 'conversation_status_idx', properties: ['workspace', 'status', 'archived', 'lastActivityAt', 'id'] })
@Index({ name: 'conversation_reply_state_idx', properties: ['workspace', 'replyState', 'archived', 'lastActivityAt', 'id'] })
// Assignee and channel also carry status and archived, so those filters and their counts stay in the index.
@Index({
  name: 'conversation_assignee_idx',
  expression:
    'create index "conversation_assignee_idx" on "conversation" ("workspace_id", "assignee_id", "last_activity_at", "id") include ("status", "archived")',
})
@Index({
  name: 'conversation_channel_idx',
  expression: 'create index "conversation_channel_idx" on "conversation" ("workspace_id", "channel", "last_activity_at", "id") include ("status", "archived")',
})
@Index({ name: 'conversation_account_idx', properties: ['channelAccount', 'lastActivityAt', 'id'] })
@Index({ name: 'conversation_contact_idx', properties: ['contact', 'lastActivityAt', 'id'] })
@Index({ name: 'conversation_campaign_idx', properties: ['campaign', 'lastActivityAt', 'id'] })
@Index({
  name: 'conversation_requires_action_idx',
  expression:
    'create index "conversation_requires_action_idx" on "conversation" ("workspace_id", "priority", "last_activity_at", "id") where "requires_action"',
})
@Index({
  name: 'conversation_inbound_idx',
  expression: 'create index "conversation_inbound_idx" on "conversation" ("workspace_id", "last_activity_at", "id") where "last_inbound_at" is not null',
})
// Reports count conversations created per day and channel; the included channel makes that index-only.
// The reconciler: AI-handled conversations by their last inbound message (work the assistant may owe).
@Index({
  name: 'conversation_ai_inbound_idx',
  expression: `create index "conversation_ai_inbound_idx" on "conversation" ("last_inbound_at") where "status" = 'ai_handling'`,
})
@Index({
  name: 'conversation_created_idx',
  expression: 'create index "conversation_created_idx" on "conversation" ("workspace_id", "created_at") include ("channel")',
})
export class Conversation extends WorkspaceScopedEntity {
  @ManyToOne(() => Contact, { mapToPk: true, deleteRule: 'cascade', index: false })
  contact: string;

  @ManyToOne(() => ChannelAccount, { mapToPk: true, deleteRule: 'cascade', index: false })
  channelAccount: string;

  /** Copied from the channel account so the channel filter needs no join. */
  @Enum({ items: () => [...CHANNEL_KINDS], nativeEnumName: 'channel_kind' })
  channel: ChannelKind;

  @Enum({ items: () => [...CONVERSATION_STATUSES], nativeEnumName: 'conversation_status', default: 'ai_handling' })
  status: ConversationStatus = 'ai_handling';

  @Enum({ items: () => [...ASSISTANT_STATES], nativeEnumName: 'assistant_state', default: 'active' })
  assistantState: AssistantState = 'active';

  @Enum({ items: () => [...REPLY_STATES], nativeEnumName: 'reply_state', default: 'new' })
  replyState: ReplyState = 'new';

  @ManyToOne(() => User, { mapToPk: true, nullable: true, deleteRule: 'set null', index: false })
  assignee: string | null = null;

  @Property({ type: 'text', nullable: true })
  escalationReason: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null = null;

  @ManyToOne(() => Campaign, { mapToPk: true, nullable: true, deleteRule: 'set null', index: false })
  campaign: string | null = null;

  @Property({ type: 'boolean', default: false })
  archived = false;

  /** 1 while an escalation waits past the workspace's SLA: such conversations sort first under requiresAction. */
  @Property({ type: 'smallint', default: 0 })
  priority = 0;

  @Property({ type: 'timestamptz', nullable: true })
  slaBreachedAt: Date | null = null;

  /** Inbound messages up to this time have had their assistant turn (answered, held, or passed over). */
  @Property({ type: 'timestamptz', nullable: true })
  assistantCursorAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastActivityAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastInboundAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  lastMessagePreview: string | null = null;

  @Property({ type: 'integer', default: 0 })
  pendingDrafts = 0;

  /** The newest outbound message failed or bounced (the card's mark): set by setDeliveryStatus, cleared by the next outbound message. */
  @Property({ type: 'boolean', default: false })
  deliveryFailed = false;

  @Property({ type: 'boolean', generated: `${REQUIRES_ACTION_EXPRESSION} stored` })
  requiresAction?: boolean;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;
}
