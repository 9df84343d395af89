import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

/** The workspace's AI provider and its config (secret fields sealed apart, as for channel accounts). */
export interface StoredAssistantSettings {
  enabled: boolean;
  provider: string;
  config: Record<string, unknown>;
  secrets: string | null;
}

export interface WorkspaceSettings {
  /** Minutes an escalated conversation may wait for a human before it is flagged and sorted first. */
  escalationSlaMinutes?: number;
  /** e.g. `https://crm.example.com/jobs/{externalId}` */
  bookingUrlTemplate?: string;
  /** Re-engage a customer after this many hours of silence following an AI answer; off when unset. */
  followUpHours?: number | null;
  /** At most this many replies the assistant sends on its own to one contact per hour (loop guard); beyond, drafts. */
  autoReplyLimitPerHour?: number;
  assistant?: StoredAssistantSettings;
}

export const DEFAULT_ESCALATION_SLA_MINUTES = 15;
export const DEFAULT_AUTO_REPLY_LIMIT_PER_HOUR = 10;

@Entity({ tableName: 'workspace' })
export class Workspace extends BaseEntity {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', default: 'UTC' })
  timezone = 'UTC';

  @Property({ type: 'jsonb', default: '{}' })
  settings: WorkspaceSettings = {};
}
