import type { ChannelKind, ConversationStatus } from '@parley/contracts';
import type { OutboxBatch, Sql } from '../database/sql-writer';
import { CONVERSATION_COLUMNS, type ConversationRow } from '../conversation/conversation-row';
import { insertTimeline, timelineRow } from '../timeline/timeline-sql';
import type { Actor } from '../timeline/actor';

export interface ConsentChange {
  workspaceId: string;
  /** Locked by the caller (`for update`), with the address locked by `lockAddress`. */
  contact: { id: string; opted_out_channels: ChannelKind[] };
  channel: ChannelKind;
  optOut: boolean;
  actor: Actor;
  /** Why, as the timeline shows it ('opt-out', 'opt-in', 'the provider reports the recipient unsubscribed'). */
  reason: string;
  keyword?: string;
}

/**
 * The one implementation of a consent change, for an inbound STOP/START and for a provider refusing a
 * send because the recipient unsubscribed: the channel closes (or reopens) to every sender, and every
 * open conversation of the contact on that channel changes status, each with its timeline entry and
 * `conversation.updated`. Returns the conversations that changed (none if consent already was so).
 */
export async function applyConsent(sql: Sql, outbox: OutboxBatch, change: ConsentChange): Promise<ConversationRow[]> {
  const { workspaceId, contact, channel, optOut } = change;
  if (optOut === contact.opted_out_channels.includes(channel)) return [];
  await sql(
    optOut
      ? 'update contact set opted_out_channels = array_append(opted_out_channels, $3), updated_at = now() where id = $1 and workspace_id = $2'
      : 'update contact set opted_out_channels = array_remove(opted_out_channels, $3), updated_at = now() where id = $1 and workspace_id = $2',
    [contact.id, workspaceId, channel],
  );
  const to: ConversationStatus = optOut ? 'opted_out' : 'ai_handling';
  const changed = await sql<ConversationRow & { previous: ConversationStatus }>(
    `with target as (
       select id, status as previous from conversation
        where workspace_id = $1 and contact_id = $2 and channel = $3 and status = any($4::conversation_status[]) for update
     )
     update conversation c set status = $5 from target where c.id = target.id
     returning target.previous, ${CONVERSATION_COLUMNS.split(', ')
       .map((col) => `c.${col}`)
       .join(', ')}`,
    [workspaceId, contact.id, channel, optOut ? ['ai_handling', 'human_handling'] : ['opted_out'], to],
  );
  const now = new Date();
  const rows = changed.map((c) =>
    timelineRow(
      outbox,
      c,
      'status.changed',
      change.actor,
      { from: c.previous, to, reason: change.reason, ...(change.keyword ? { keyword: change.keyword } : {}) },
      now,
    ),
  );
  if (rows.length) {
    const t = insertTimeline(rows);
    await sql(t.text, t.params);
  }
  for (const c of changed) outbox.event(c.workspace_id, 'conversation.updated', { id: c.id });
  return changed;
}
