import type { DeliveryStatus } from '@parley/contracts';
import type { OutboxBatch, Sql } from '../database/sql-writer';
import { rowToMessageView, type AttachmentRow, type MessageRow } from './message.view';

/**
 * From which statuses a reported status may be applied: delivery status only moves forward, so a late
 * `sent` never overwrites `delivered`, and a failure cannot undo a delivery.
 */
export const APPLIES_AFTER: Record<DeliveryStatus, DeliveryStatus[]> = {
  received: [],
  queued: [],
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
  bounced: ['queued', 'sent', 'delivered'],
};

export const canAdvance = (from: DeliveryStatus, to: DeliveryStatus): boolean => APPLIES_AFTER[to].includes(from);

/** Which message a status is for, always within its workspace: ours (delivery's own outcome) or by the provider's id (a status callback). */
export type StatusTarget = { workspaceId: string } & ({ messageId: string } | { channelAccountId: string; providerMessageId: string });

export interface StatusChange {
  id: string;
  conversationId: string;
  workspaceId: string;
}

/**
 * The one write of a message's delivery status, for ingest's status callbacks and delivery's outcomes:
 * forward only (APPLIES_AFTER, or the narrower `from`), a failure's error kept, the provider id recorded
 * when given, and one `message.updated` per message that changed. Returns the messages that changed.
 */
export async function setDeliveryStatus(
  sql: Sql,
  outbox: OutboxBatch,
  target: StatusTarget,
  status: DeliveryStatus,
  options: { error?: { code?: string | null; message: string }; providerMessageId?: string; from?: DeliveryStatus[] } = {},
): Promise<StatusChange[]> {
  const from = options.from ?? APPLIES_AFTER[status];
  if (!from.length) return [];
  const failure = status === 'failed' || status === 'bounced';
  const error = failure ? options.error : undefined;
  const byId = 'messageId' in target;
  const rows = await sql<MessageRow & { workspace_id: string }>(
    `update message set delivery_status = $1, error_code = coalesce($2, error_code), error_message = coalesce($3, error_message),
            provider_message_id = coalesce($4, provider_message_id), send_attempted_at = null
      where workspace_id = $5 and delivery_status = any($6::delivery_status[])
        and ${byId ? 'id = $7' : 'channel_account_id = $7 and provider_message_id = $8'}
      returning *`,
    [
      status,
      error?.code ?? null,
      error?.message ?? null,
      options.providerMessageId ?? null,
      target.workspaceId,
      from,
      ...(byId ? [target.messageId] : [target.channelAccountId, target.providerMessageId]),
    ],
  );
  if (!rows.length) return [];
  // The frame carries the message as GET /conversations/:id/messages returns it.
  const attachments = await sql<AttachmentRow>(
    'select id, message_id, filename, content_type, size, content_id from attachment where workspace_id = $1 and message_id = any($2::uuid[])',
    [target.workspaceId, rows.map((r) => r.id)],
  );
  for (const row of rows) {
    outbox.event(
      row.workspace_id,
      'message.updated',
      rowToMessageView(
        row,
        attachments.filter((a) => a.message_id === row.id),
      ),
    );
  }
  if (failure) {
    // The card's failure mark: set when the newest outbound message of its conversation is the one that failed.
    const marked = await sql<{ id: string; workspace_id: string }>(
      `update conversation c set delivery_failed = true
        where c.workspace_id = $1 and c.id = any($2::uuid[]) and not c.delivery_failed
          and not exists (select 1 from message m join message f on f.id = any($3::uuid[]) and f.conversation_id = c.id
                           where m.conversation_id = c.id and m.direction = 'outbound' and (m.created_at, m.id) > (f.created_at, f.id))
        returning c.id, c.workspace_id`,
      [target.workspaceId, [...new Set(rows.map((r) => r.conversation_id))], rows.map((r) => r.id)],
    );
    for (const c of marked) outbox.event(c.workspace_id, 'conversation.updated', { id: c.id });
  }
  return rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, workspaceId: r.workspace_id }));
}
