import { Body, Controller, Get, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Template } from '../template/template.entity';
import { Campaign } from './campaign.entity';
import { CreateCampaignDto } from './campaign.dto';

const toView = (c: Campaign): CampaignView => ({
  id: c.id,
  name: c.name,
  channelAccountId: c.channelAccount,
  templateId: c.template,
  status: c.status,
  createdAt: c.createdAt.toISOString(),
});

/** Campaign records. Launching one to contacts (outbound through the delivery queue) comes with the assistant work. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async list(): Promise<{ items: CampaignView[]; nextCursor: null }> {
    const rows = await this.em.find(Campaign, {}, { orderBy: { createdAt: 'desc' } });
    return { items: rows.map(toView), nextCursor: null };
  }

  @Roles('admin')
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCampaignDto): Promise<CampaignView> {
    const account = await this.em.findOne(ChannelAccount, dto.channelAccountId);
    if (!account) throw new NotFoundException('Channel account not found');
    if (dto.templateId && !(await this.em.findOne(Template, { id: dto.templateId, channelAccount: account.id }))) {
      throw new NotFoundException('Template not found for this channel account');
    }
    const c = new Campaign();
    Object.assign(c, { workspace: p.workspaceId, name: dto.name, channelAccount: account.id, template: dto.templateId ?? null });
    await this.em.persist(c).flush();
    return toView(c);
  }
}
