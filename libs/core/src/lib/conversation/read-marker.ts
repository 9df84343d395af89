import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxService } from '../outbox/outbox.service';
import type { Conversation } from './conversation.entity';

/**
 * Marks the conversation read for a user inside the caller's transaction (a reply, an approved draft:
 * whoever answers has read it), with the per-user `conversation.updated`. A function, not a service
 * method, so the paths that send (messages, drafts) need not depend on the conversation module.
 */
export async function markReadInTransaction(
  em: EntityManager,
  outbox: OutboxService,
  userId: string,
  c: Pick<Conversation, 'id' | 'workspace'>,
): Promise<void> {
  await em.getConnection().execute(
    `insert into read_marker (user_id, conversation_id, workspace_id, read_at, marked_unread) values (?, ?, ?, now(), false)
     on conflict (user_id, conversation_id) do update set read_at = excluded.read_at, marked_unread = false`,
    [userId, c.id, c.workspace],
    'run',
    em.getTransactionContext(),
  );
  outbox.event(em, c.workspace, 'conversation.updated', { id: c.id });
}
