import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignLaunchView, CampaignListItem, CampaignProgressView, CampaignView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Campaign } from './campaign.entity';
import { CreateCampaignDto } from './campaign.dto';
import { CampaignLaunchService } from './campaign-launch.service';
import { campaignDeliveries, conversationCounts, toCampaignView } from './campaign.view';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly em: EntityManager,
    private readonly launcher: CampaignLaunchService,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<{ items: CampaignListItem[]; nextCursor: null }> {
    const rows = await this.em.find(Campaign, {}, { orderBy: { createdAt: 'desc' } });
    const counts = await conversationCounts(
      this.em,
      p.workspaceId,
      rows.map((c) => c.id),
    );
    return { items: rows.map((c) => ({ ...toCampaignView(c), conversations: counts.get(c.id) ?? 0 })), nextCursor: null };
  }

  /** Progress: how many conversations it started, their first messages by delivery status, and whom it skipped. */
  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CampaignProgressView> {
    const campaign = await this.em.findOneOrFail(Campaign, id);
    const [counts, deliveries] = await Promise.all([conversationCounts(this.em, p.workspaceId, [id]), campaignDeliveries(this.em, p.workspaceId, id)]);
    return { ...toCampaignView(campaign), conversations: counts.get(id) ?? 0, deliveries, skipped: campaign.skipped };
  }

  /** Without recipients: a draft. With `contactIds`/`contacts` and a template: launched (see CampaignLaunchService). */
  @Roles('admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCampaignDto): Promise<CampaignView | CampaignLaunchView> {
    return this.launcher.create(p, dto);
  }
}
