import { Body, ConflictException, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelAccountView } from '@parley/contracts';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ChannelAccount } from './channel-account.entity';
import { AutonomyPolicy } from '../autonomy/autonomy-policy.entity';
import { Conversation } from '../conversation/conversation.entity';
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
  async list(): Promise<{ items: ChannelAccountView[]; nextCursor: null }> {
    const rows = await this.em.find(ChannelAccount, {}, { orderBy: { createdAt: 'asc' } });
    return { items: rows.map((a) => this.accounts.toView(a)), nextCursor: null };
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ChannelAccountView> {
    return this.accounts.toView(await this.em.findOneOrFail(ChannelAccount, id));
  }

  @Roles('admin')
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateChannelAccountDto): Promise<ChannelAccountView> {
    return this.accounts.toView(await this.accounts.create(p.workspaceId, dto));
  }

  @Roles('admin')
  @Patch(':id')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateChannelAccountDto): Promise<ChannelAccountView> {
    const account = await this.accounts.update(id, dto);
    this.contexts.forget(id);
    return this.accounts.toView(account);
  }

  /** Refused while conversations use the account: deleting would erase them; deactivate instead. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const account = await this.em.findOneOrFail(ChannelAccount, id);
    const used = await this.em.count(Conversation, { channelAccount: id });
    if (used) throw new ConflictException(`Channel account has ${used} conversation(s); set active=false instead`);
    // Templates and campaigns go with it (foreign keys); the autonomy override is JSON, so drop it here,
    // or the stored policy keeps an id that PUT /autonomy then refuses (404) when the admin saves it back.
    const policy = await this.em.findOne(AutonomyPolicy, { workspace: account.workspace });
    if (policy && id in policy.channelOverrides) {
      const overrides = { ...policy.channelOverrides };
      delete overrides[id];
      policy.channelOverrides = overrides;
    }
    await this.em.remove(account).flush();
    this.contexts.forget(id);
  }
}
