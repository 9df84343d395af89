import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

export interface WorkspaceSettings {
  /** Minutes an escalated conversation may wait before it is flagged (assistant issue). */
  escalationSlaMinutes?: number;
  /** e.g. `https://crm.example.com/jobs/{externalId}` */
  bookingUrlTemplate?: string;
  followUpHours?: number | null;
}

@Entity({ tableName: 'workspace' })
export class Workspace extends BaseEntity {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', default: 'UTC' })
  timezone = 'UTC';

  @Property({ type: 'jsonb', default: '{}' })
  settings: WorkspaceSettings = {};
}
