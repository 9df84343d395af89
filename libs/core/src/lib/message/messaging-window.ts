import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Whether a channel with a messaging window (WhatsApp: 24 h) still accepts free-form text: the
 * contact's last inbound on this channel account must be recent enough. Checked by the API when a
 * message is written and again by the send job.
 */
export async function messagingWindowOpen(em: EntityManager, contactId: string, channelAccountId: string, hours: number): Promise<boolean> {
  const closes = await messagingWindowClosesAt(em, contactId, channelAccountId, hours);
  return closes !== null && Date.now() <= closes.getTime();
}

/** When the window closes (or closed): the contact's last inbound on the account plus `hours`; null if they never wrote. */
export async function messagingWindowClosesAt(em: EntityManager, contactId: string, channelAccountId: string, hours: number): Promise<Date | null> {
  const [row] = await em.getConnection().execute<{ last: Date | null }[]>(
    `select max(m.created_at) as last from message m join conversation c on c.id = m.conversation_id
      where c.contact_id = ? and m.channel_account_id = ? and m.direction = 'inbound'`,
    [contactId, channelAccountId],
    'all',
    em.getTransactionContext(),
  );
  return row?.last ? new Date(new Date(row.last).getTime() + hours * 3600_000) : null;
}
