import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssistantMessage } from '@parley/plugin-sdk';
import type { Conversation } from '../conversation/conversation.entity';

export interface PendingMessage {
  id: string;
  body: string | null;
  subject: string | null;
  createdAt: Date;
}

const HISTORY_LIMIT = 20;

/**
 * Inbound messages the assistant still owes an answer: after its cursor, and after the last outbound
 * message (what a human already answered is not the assistant's to answer again). Oldest first.
 */
export async function pendingInbound(em: EntityManager, c: Pick<Conversation, 'id' | 'assistantCursorAt'>): Promise<PendingMessage[]> {
  const rows: { id: string; body: string | null; subject: string | null; created_at: Date }[] = await em.getConnection().execute(
    `select m.id, m.body, m.subject, m.created_at from message m
      where m.conversation_id = ? and m.direction = 'inbound' and m.created_at > ?
        and m.created_at > coalesce((select max(o.created_at) from message o where o.conversation_id = m.conversation_id and o.direction = 'outbound'), '-infinity')
      order by m.created_at, m.id`,
    [c.id, c.assistantCursorAt ?? '-infinity'],
    'all',
    em.getTransactionContext(),
  );
  return rows.map((r) => ({ id: r.id, body: r.body, subject: r.subject, createdAt: new Date(r.created_at) }));
}

/** The last messages of the conversation, oldest first, as a provider reads them. */
export async function recentHistory(em: EntityManager, conversationId: string): Promise<AssistantMessage[]> {
  const rows: { direction: 'inbound' | 'outbound'; author_kind: AssistantMessage['author']; body: string | null; subject: string | null; created_at: Date }[] =
    await em
      .getConnection()
      .execute(`select direction, author_kind, body, subject, created_at from message where conversation_id = ? order by created_at desc, id desc limit ?`, [
        conversationId,
        HISTORY_LIMIT,
      ]);
  return rows
    .reverse()
    .map((r) => ({ direction: r.direction, author: r.author_kind, body: [r.subject, r.body].filter(Boolean).join('\n'), at: new Date(r.created_at) }));
}
