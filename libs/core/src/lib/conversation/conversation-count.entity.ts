import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { CONVERSATION_STATUSES, type ConversationStatus } from '@parley/contracts';

/** Shards per (workspace, status, archived): concurrent writers rarely meet on one row. */
export const CONVERSATION_COUNT_SHARDS = 16;

/**
 * Conversations per workspace, status and archived flag, kept by triggers on `conversation` (see the
 * migration) so the unfiltered counts are a sum of a few rows instead of a count over the workspace.
 * Sharded: each change adds to a random shard. No foreign key: deleting a workspace cascades to its
 * conversations, whose triggers still write here; the rows of a deleted workspace are never read.
 */
@Entity({ tableName: 'conversation_count' })
export class ConversationCount {
  @PrimaryKey({ type: 'uuid' })
  workspaceId: string;

  @Enum({ items: () => [...CONVERSATION_STATUSES], nativeEnumName: 'conversation_status', primary: true })
  status: ConversationStatus;

  @PrimaryKey({ type: 'boolean' })
  archived: boolean;

  @PrimaryKey({ type: 'smallint' })
  shard: number;

  @Property({ type: 'bigint', default: 0 })
  n: string;
}
