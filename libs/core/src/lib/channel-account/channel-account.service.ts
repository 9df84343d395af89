import { EventEmitter } from 'node:events';
import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { AutonomyPolicy } from '../autonomy/autonomy-policy.entity';
import { Conversation } from '../conversation/conversation.entity';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelPlugin } from '@parley/plugin-sdk';
import type { ChannelAccountView } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { PluginConfigService, type Plain } from '../plugin-host/plugin-config';
import { ChannelAccount } from './channel-account.entity';
import type { CreateChannelAccountDto, UpdateChannelAccountDto } from './channel-account.dto';

@Injectable()
export class ChannelAccountService {
  /** `changed` (plugin id, account id) after an account is created, edited or deleted here: caches drop it, listeners re-read their accounts. */
  readonly changes = new EventEmitter();

  constructor(
    private readonly em: EntityManager,
    private readonly registry: PluginRegistry,
    private readonly configs: PluginConfigService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  webhookUrl(account: Pick<ChannelAccount, 'id' | 'plugin'>): string {
    return `${this.config.publicUrl}/webhooks/${account.plugin}/${account.id}`;
  }

  /** The newest conversation activity per account of the workspace, in one grouped query. */
  async lastActivity(workspaceId: string, ids: string[]): Promise<Map<string, Date>> {
    if (!ids.length) return new Map();
    const rows: { channel_account_id: string; at: Date }[] = await this.em
      .getConnection()
      .execute(
        `select channel_account_id, max(last_activity_at) as at from conversation where workspace_id = ? and channel_account_id in (${ids.map(() => '?').join(', ')}) group by channel_account_id`,
        [workspaceId, ...ids],
      );
    return new Map(rows.map((r) => [r.channel_account_id, new Date(r.at)]));
  }

  toView(account: ChannelAccount, lastActivityAt: Date | null = null): ChannelAccountView {
    const config = this.configs.mask(this.registry.findChannel(account.plugin)?.configClass, account);
    return {
      id: account.id,
      plugin: account.plugin,
      channel: account.channel,
      name: account.name,
      config,
      webhookUrl: this.webhookUrl(account),
      active: account.active,
      createdAt: account.createdAt.toISOString(),
      lastActivityAt: lastActivityAt?.toISOString() ?? null,
      listener:
        account.listenerState && account.listenerUpdatedAt
          ? { state: account.listenerState, message: account.listenerMessage, updatedAt: account.listenerUpdatedAt.toISOString() }
          : null,
    };
  }

  /** Decrypted config, for the plugin that sends through this account. */
  fullConfig(account: ChannelAccount): Plain {
    return this.configs.full(account);
  }

  /** Pass `em` to create inside a caller's transaction (the demo seed); otherwise flushes itself. */
  async create(workspaceId: string, dto: CreateChannelAccountDto, em?: EntityManager): Promise<ChannelAccount> {
    const plugin = this.pluginOrBadRequest(dto.plugin);
    const account = new ChannelAccount();
    Object.assign(account, { workspace: workspaceId, plugin: plugin.id, channel: plugin.channel, name: dto.name });
    this.applyConfig(account, plugin, dto.config);
    if (em) em.persist(account);
    else await this.em.persist(account).flush();
    // In a caller's transaction the account is not there for others yet: the caller announces it once committed.
    if (!em) this.changes.emit('changed', account.plugin, account.id);
    return account;
  }

  async update(id: string, dto: UpdateChannelAccountDto): Promise<ChannelAccount> {
    const account = await this.em.findOneOrFail(ChannelAccount, id);
    if (dto.name !== undefined) account.name = dto.name;
    if (dto.active !== undefined) account.active = dto.active;
    if (dto.config) {
      const plugin = this.pluginOrBadRequest(account.plugin);
      const merged = this.configs.merge(plugin.configClass, account, dto.config);
      this.applyConfig(account, plugin, merged);
    }
    await this.em.flush();
    this.changes.emit('changed', account.plugin, account.id);
    return account;
  }

  /** After a caller's transaction that created accounts (`create(…, em)`) committed: announces each of the workspace's. */
  async announceCreated(workspaceId: string): Promise<void> {
    const accounts = await this.em.fork().find(ChannelAccount, { workspace: workspaceId }, { filters: false });
    for (const account of accounts) this.changes.emit('changed', account.plugin, account.id);
  }

  /** Refused while conversations use the account: deleting would erase them; deactivate instead. */
  async remove(id: string): Promise<void> {
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
    this.changes.emit('changed', account.plugin, account.id);
  }

  private pluginOrBadRequest(id: string): ChannelPlugin {
    const plugin = this.registry.findChannel(id);
    if (!plugin) {
      const installed =
        this.registry
          .listChannels()
          .map((p) => p.id)
          .join(', ') || 'none';
      throw new BadRequestException({
        message: `plugin "${id}" is not installed (installed: ${installed})`,
        details: [{ field: 'plugin', errors: [`unknown plugin "${id}"`] }],
      });
    }
    return plugin;
  }

  /** Validates with the plugin's own config class (400 naming `config.<field>`), then splits secrets out. */
  private applyConfig(account: ChannelAccount, plugin: ChannelPlugin, raw: Plain): void {
    const { config, secrets } = this.configs.store(plugin.configClass, raw);
    account.config = config;
    account.secrets = secrets;
  }
}
