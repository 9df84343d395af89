import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { CHANNEL_KINDS, CONVERSATION_STATUSES, type ChannelKind, type ConversationStatus } from '@parley/contracts';

/** `assignee_key` of unassigned conversations (a key column cannot be null). */
export const UNASSIGNED_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * Conversations per workspace, archived flag, channel, channel account, assignee and status, kept by
 * triggers on `conversation` (see the migrations) so that counts filtered by those alone are a sum of a
 * few rows instead of a count over the workspace. The counters of unassigned conversations (the ones
 * ingest creates) are sharded: each change adds to one of 16 random shards, so concurrent ingests rarely
 * wait on one row. No foreign keys: deleting a
 * workspace cascades to its conversations, whose triggers still write here; such rows are never read.
 */
@Entity({ tableName: 'conversation_count' })
export class ConversationCount {
  @PrimaryKey({ type: 'uuid' })
  workspaceId: string;

  @PrimaryKey({ type: 'boolean' })
  archived: boolean;

  @Enum({ items: () => [...CHANNEL_KINDS], nativeEnumName: 'channel_kind', primary: true })
  channel: ChannelKind;

  @PrimaryKey({ type: 'uuid' })
  channelAccountId: string;

  @PrimaryKey({ type: 'uuid' })
  assigneeKey: string;

  @Enum({ items: () => [...CONVERSATION_STATUSES], nativeEnumName: 'conversation_status', primary: true })
  status: ConversationStatus;

  @PrimaryKey({ type: 'smallint' })
  shard: number;

  @Property({ type: 'bigint', default: 0 })
  n: string;
}
