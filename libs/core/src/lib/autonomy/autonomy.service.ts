import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AutonomyLevel, AutonomyPolicyView, AutonomyPreview, RiskLevel } from '@parley/contracts';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { AutonomyPolicy, policyFor } from './autonomy-policy.entity';
import { deliveryFor, levelFor, type AutonomyPolicyInput } from './autonomy-decision';
import type { AutonomyPolicyDto } from './autonomy.dto';

const toView = (p: AutonomyPolicy): AutonomyPolicyView => ({
  level: p.level,
  channelOverrides: p.channelOverrides,
  autoReplyIntents: p.autoReplyIntents,
  highRiskIntents: p.highRiskIntents,
});

/** What the built-in assistant classifies; a preview shows these besides the policy's own intents. */
const COMMON_INTENTS = ['greeting', 'question', 'booking', 'pricing', 'confirmation', 'complaint', 'other'];
const RISKS: RiskLevel[] = ['low', 'medium', 'high'];
const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/** The workspace's autonomy policy, and what it would do (the decision table the assistant's turns use). */
@Injectable()
export class AutonomyService {
  constructor(private readonly em: EntityManager) {}

  async get(workspaceId: string): Promise<AutonomyPolicyView> {
    return toView(await policyFor(this.em, workspaceId));
  }

  async put(workspaceId: string, dto: AutonomyPolicyDto): Promise<AutonomyPolicyView> {
    await this.assertAccounts(dto.channelOverrides);
    const policy = await policyFor(this.em, workspaceId);
    this.em.persist(policy);
    Object.assign(policy, dto);
    await this.em.flush();
    return toView(policy);
  }

  /**
   * What a policy (saved or not) does with a reply, per channel account, intent and risk the provider
   * reports: `deliveryFor` and `levelFor`, the functions every assistant turn decides with, so the
   * admin's preview and the assistant never disagree. Silence (paused, opted out, a human handling)
   * and escalation come before this table and are the same whatever the policy.
   */
  async preview(policy: AutonomyPolicyInput): Promise<AutonomyPreview> {
    await this.assertAccounts(policy.channelOverrides);
    const accounts = await this.em.find(ChannelAccount, {}, { orderBy: { createdAt: 'asc' } });
    const intents = [...new Set([...policy.autoReplyIntents, ...policy.highRiskIntents, ...COMMON_INTENTS])];
    const rows: AutonomyPreview['rows'] = [];
    for (const account of accounts) {
      const level: AutonomyLevel = levelFor(policy, account.id);
      for (const intent of intents) {
        for (const reported of RISKS) {
          // A high-risk intent counts as high whatever the provider says (as in `decide`).
          const risk: RiskLevel = policy.highRiskIntents.includes(intent) && RANK[reported] < RANK.high ? 'high' : reported;
          const { delivery, why } = deliveryFor(level, risk, policy.autoReplyIntents.includes(intent));
          rows.push({ channelAccountId: account.id, intent, reportedRisk: reported, risk, delivery, reason: why });
        }
      }
    }
    return {
      channelAccounts: accounts.map((a) => ({
        id: a.id,
        name: a.name,
        channel: a.channel,
        level: levelFor(policy, a.id),
        overridden: a.id in policy.channelOverrides,
      })),
      intents,
      rows,
    };
  }

  private async assertAccounts(overrides: Record<string, AutonomyLevel>): Promise<void> {
    const ids = Object.keys(overrides);
    if (ids.length && (await this.em.count(ChannelAccount, { id: { $in: ids } })) !== ids.length) {
      throw new NotFoundException('channelOverrides names a channel account that does not exist');
    }
  }
}
