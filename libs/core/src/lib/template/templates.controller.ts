import { Body, Controller, Get, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { TemplateView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { Template } from './template.entity';
import { CreateTemplateDto, TemplateQueryDto } from './template.dto';

const toView = (t: Template): TemplateView => ({
  id: t.id,
  channelAccountId: t.channelAccount,
  name: t.name,
  language: t.language,
  body: t.body,
  createdAt: t.createdAt.toISOString(),
});

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async list(@Query() q: TemplateQueryDto): Promise<{ items: TemplateView[]; nextCursor: null }> {
    const rows = await this.em.find(Template, q.channelAccountId ? { channelAccount: q.channelAccountId } : {}, { orderBy: { name: 'asc' } });
    return { items: rows.map(toView), nextCursor: null };
  }

  @Roles('admin')
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateTemplateDto): Promise<TemplateView> {
    const account = await this.em.findOne(ChannelAccount, dto.channelAccountId);
    if (!account) throw new NotFoundException('Channel account not found');
    const t = new Template();
    Object.assign(t, { workspace: p.workspaceId, channelAccount: account.id, name: dto.name, language: dto.language ?? 'en', body: dto.body });
    await this.em.persist(t).flush();
    return toView(t);
  }
}
