import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignLaunchView, CampaignListItem, CampaignView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Campaign } from './campaign.entity';
import { CreateCampaignDto } from './campaign.dto';
import { CampaignLaunchService } from './campaign-launch.service';
import { conversationCounts, toCampaignView } from './campaign.view';

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

  /** Without recipients: a draft. With `contactIds`/`contacts` and a template: launched (see CampaignLaunchService). */
  @Roles('admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCampaignDto): Promise<CampaignView | CampaignLaunchView> {
    return this.launcher.create(p, dto);
  }
}
