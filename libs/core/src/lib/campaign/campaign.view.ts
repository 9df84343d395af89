import type { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignView } from '@parley/contracts';
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
