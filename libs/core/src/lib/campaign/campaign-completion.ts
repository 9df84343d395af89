import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A campaign is completed once none of its messages waits in the queue. The delivery job calls this
 * after each message leaves it (sent or failed), once that is committed: of two finishing at once, the
 * later check sees both. A message outside any campaign costs one primary-key lookup.
 */
export async function completeCampaignIfDone(em: EntityManager, conversationId: string): Promise<void> {
  await em.getConnection().execute(
    `update campaign cp set status = 'completed'
       from conversation cv
      where cv.id = ? and cp.id = cv.campaign_id and cp.status = 'running'
        and not exists (
          select 1 from conversation c join message m on m.conversation_id = c.id
           where c.campaign_id = cp.id and m.direction = 'outbound' and m.delivery_status = 'queued')`,
    [conversationId],
    'run',
  );
}
