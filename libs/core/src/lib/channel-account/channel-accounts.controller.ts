import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelAccountView, ConnectionCheck } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ChannelAccount } from './channel-account.entity';
import { ChannelAccountService } from './channel-account.service';
import { AccountContextService } from './account-context.service';
import { CreateChannelAccountDto, UpdateChannelAccountDto } from './channel-account.dto';

@ApiTags('channel-accounts')
@ApiBearerAuth()
@Controller('channel-accounts')
export class ChannelAccountsController {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: ChannelAccountService,
    private readonly contexts: AccountContextService,
  ) {}

  /** Operators read the list (to pick a channel when composing); secrets are masked for everyone. */
  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<{ items: ChannelAccountView[]; nextCursor: null }> {
    const rows = await this.em.find(ChannelAccount, {}, { orderBy: { createdAt: 'asc' } });
    const activity = await this.accounts.lastActivity(
      p.workspaceId,
      rows.map((a) => a.id),
    );
    return { items: rows.map((a) => this.accounts.toView(a, activity.get(a.id) ?? null)), nextCursor: null };
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ChannelAccountView> {
    const account = await this.em.findOneOrFail(ChannelAccount, id);
    return this.accounts.toView(account, (await this.accounts.lastActivity(p.workspaceId, [id])).get(id) ?? null);
  }

  @Roles('admin')
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateChannelAccountDto): Promise<ChannelAccountView> {
    return this.accounts.toView(await this.accounts.create(p.workspaceId, dto));
  }

  @Roles('admin')
  @Patch(':id')
  async update(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateChannelAccountDto): Promise<ChannelAccountView> {
    const account = await this.accounts.update(id, dto);
    return this.accounts.toView(account, (await this.accounts.lastActivity(p.workspaceId, [id])).get(id) ?? null);
  }

  /** "Test connection" with the stored config (the plugin's checkConnection); 200 whatever the outcome. */
  @Roles('admin')
  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: "Runs the plugin's connection test with the account's stored config" })
  async check(@Param('id', ParseUUIDPipe) id: string): Promise<ConnectionCheck> {
    return this.contexts.check(await this.em.findOneOrFail(ChannelAccount, id));
  }

  /** Refused while conversations use the account: deleting would erase them; deactivate instead. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.accounts.remove(id);
  }
}
