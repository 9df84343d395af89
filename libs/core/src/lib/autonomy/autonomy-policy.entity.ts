import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '@parley/contracts';
import { Workspace } from '../workspace/workspace.entity';

/** Every intent but opt-out: under full autonomy the assistant answers them all; admins may narrow it. */
export const DEFAULT_AUTO_REPLY_INTENTS = ['greeting', 'question', 'pricing', 'booking', 'complaint', 'human_request', 'confirmation', 'other'];
export const DEFAULT_HIGH_RISK_INTENTS = ['pricing', 'complaint'];

/** How much the assistant may do alone, one row per workspace. */
@Entity({ tableName: 'autonomy_policy' })
export class AutonomyPolicy {
  @ManyToOne(() => Workspace, { mapToPk: true, primary: true, deleteRule: 'cascade' })
  workspace: string;

  @Enum({ items: () => [...AUTONOMY_LEVELS], nativeEnumName: 'autonomy_level', default: 'controlled' })
  level: AutonomyLevel = 'controlled';

  @Property({ type: 'jsonb', default: '{}' })
  channelOverrides: Record<string, AutonomyLevel> = {};

  @Property({ type: 'text[]' })
  autoReplyIntents: string[] = [...DEFAULT_AUTO_REPLY_INTENTS];

  @Property({ type: 'text[]' })
  highRiskIntents: string[] = [...DEFAULT_HIGH_RISK_INTENTS];

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** The workspace's policy, or the defaults when an admin never saved one (not persisted). */
export async function policyFor(em: EntityManager, workspaceId: string): Promise<AutonomyPolicy> {
  const found = await em.findOne(AutonomyPolicy, { workspace: workspaceId });
  if (found) return found;
  const policy = new AutonomyPolicy();
  policy.workspace = workspaceId;
  return policy;
}
