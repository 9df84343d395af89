import type { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignProgressView, CampaignView } from '@parley/contracts';
import type { Campaign } from './campaign.entity';

export const toCampaignView = (c: Campaign): CampaignView => ({
  id: c.id,
  name: c.name,
  channelAccountId: c.channelAccount,
  templateId: c.template,
  status: c.status,
  createdAt: c.createdAt.toISOString(),
});

/** Conversations started per campaign, in one grouped query (campaigns without any are absent). */
export async function conversationCounts(em: EntityManager, workspaceId: string, campaignIds: string[]): Promise<Map<string, number>> {
  if (!campaignIds.length) return new Map();
  // Raw SQL skips the ORM's tenant filter, so the workspace is spelled out here.
  const rows: { campaign_id: string; n: number }[] = await em.getConnection().execute(
    `select campaign_id, count(*)::int as n from conversation
      where workspace_id = ? and campaign_id in (${campaignIds.map(() => '?').join(', ')})
      group by campaign_id`,
    [workspaceId, ...campaignIds],
  );
  return new Map(rows.map((r) => [r.campaign_id, Number(r.n)]));
}

/** How the messages a campaign sent are doing, by delivery status (its conversations' first outbound messages). */
export async function campaignDeliveries(em: EntityManager, workspaceId: string, campaignId: string): Promise<CampaignProgressView['deliveries']> {
  const rows: { delivery_status: keyof CampaignProgressView['deliveries']; n: number }[] = await em.getConnection().execute(
    `select m.delivery_status, count(*)::int as n
       from conversation c
       join lateral (select delivery_status from message m where m.conversation_id = c.id and m.direction = 'outbound'
                      order by m.created_at, m.id limit 1) m on true
      where c.workspace_id = ? and c.campaign_id = ?
      group by m.delivery_status`,
    [workspaceId, campaignId],
  );
  const deliveries: CampaignProgressView['deliveries'] = { queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, bounced: 0 };
  for (const r of rows) if (r.delivery_status in deliveries) deliveries[r.delivery_status] = Number(r.n);
  return deliveries;
}
