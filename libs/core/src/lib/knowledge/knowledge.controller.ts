import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { KnowledgeArticleView, Page } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { beforeCursor, toPage } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { KnowledgeArticle } from './knowledge-article.entity';
import { CreateArticleDto, UpdateArticleDto } from './knowledge.dto';

const toView = (a: KnowledgeArticle): KnowledgeArticleView => ({
  id: a.id,
  title: a.title,
  body: a.body,
  tags: a.tags,
  published: a.published,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

@ApiTags('knowledge')
@ApiBearerAuth()
@Controller('knowledge')
export class KnowledgeController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async list(@Query() page: PageQueryDto): Promise<Page<KnowledgeArticleView>> {
    const rows = await this.em.find(KnowledgeArticle, beforeCursor(page.cursor), { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit, (a) => [a.createdAt, a.id], toView);
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<KnowledgeArticleView> {
    return toView(await this.em.findOneOrFail(KnowledgeArticle, id));
  }

  @Roles('admin')
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateArticleDto): Promise<KnowledgeArticleView> {
    const a = new KnowledgeArticle();
    Object.assign(a, { workspace: p.workspaceId, ...dto });
    await this.em.persist(a).flush();
    return toView(a);
  }

  @Roles('admin')
  @Patch(':id')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateArticleDto): Promise<KnowledgeArticleView> {
    const a = await this.em.findOneOrFail(KnowledgeArticle, id);
    Object.assign(a, dto);
    await this.em.flush();
    return toView(a);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.em.remove(await this.em.findOneOrFail(KnowledgeArticle, id)).flush();
  }
}
