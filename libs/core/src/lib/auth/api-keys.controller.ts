import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ApiKeyCreated, ApiKeyView } from '@parley/contracts';
import { CreateApiKeyDto } from './auth.dto';
import { CurrentPrincipal, Roles, type Principal } from './principal';
import { ApiKey } from './api-key.entity';
import { generateApiKey } from './api-key.util';
import { iso } from '../common/iso';

const toView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
});

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async list(): Promise<{ items: ApiKeyView[]; nextCursor: null }> {
    const keys = await this.em.find(ApiKey, { revokedAt: null }, { orderBy: { createdAt: 'desc' } });
    return { items: keys.map(toView), nextCursor: null };
  }

  /** The key is in this response and nowhere else, ever. */
  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto): Promise<ApiKeyCreated> {
    const { key, prefix, hash } = generateApiKey();
    const apiKey = new ApiKey();
    Object.assign(apiKey, {
      workspace: principal.workspaceId,
      name: dto.name,
      prefix,
      keyHash: hash,
      createdBy: principal.kind === 'user' ? principal.id : null,
    });
    await this.em.persist(apiKey).flush();
    return { id: apiKey.id, name: apiKey.name, key, prefix, createdAt: apiKey.createdAt.toISOString() };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const key = await this.em.findOneOrFail(ApiKey, { id, revokedAt: null });
    key.revokedAt = new Date();
    await this.em.flush();
  }
}
