import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { CAMPAIGN_STATUSES, type CampaignSkip, type CampaignStatus } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Template } from '../template/template.entity';

@Entity({ tableName: 'campaign' })
@Index({ properties: ['workspace', 'createdAt'] })
export class Campaign extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  name: string;

  @ManyToOne(() => ChannelAccount, { mapToPk: true, deleteRule: 'cascade' })
  channelAccount: string;

  @ManyToOne(() => Template, { mapToPk: true, nullable: true, deleteRule: 'set null' })
  template: string | null = null;

  @Enum({ items: () => [...CAMPAIGN_STATUSES], nativeEnumName: 'campaign_status', default: 'draft' })
  status: CampaignStatus = 'draft';

  /** The recipients a launch did not message, and why (kept for the progress view). */
  @Property({ type: 'jsonb', default: '[]' })
  skipped: CampaignSkip[] = [];
}
