import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '@parley/contracts';
import { Workspace } from '../workspace/workspace.entity';

export const DEFAULT_AUTO_REPLY_INTENTS = ['greeting', 'question', 'booking', 'confirmation', 'other'];
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
