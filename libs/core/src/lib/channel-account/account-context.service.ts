import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { plainToInstance } from 'class-transformer';
import type { ChannelAccountContext, ChannelPlugin } from '@parley/plugin-sdk';
import { ChannelAccount } from './channel-account.entity';
import { ChannelAccountService } from './channel-account.service';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import type { ConnectionCheck } from '@parley/contracts';

export interface ResolvedAccount {
  account: ChannelAccount;
  plugin: ChannelPlugin;
  context: ChannelAccountContext;
}

const TTL_MS = 5_000;

/**
 * A channel account with its plugin and decrypted config, as plugins receive it. Webhooks arrive in
 * bursts, so a resolved account is kept a few seconds (and dropped at once when it is edited here).
 */
@Injectable()
export class AccountContextService {
  private readonly cache = new Map<string, { at: number; value: ResolvedAccount }>();

  constructor(
    private readonly orm: MikroORM,
    private readonly registry: PluginRegistry,
    private readonly accounts: ChannelAccountService,
  ) {
    // An edited or deleted account is resolved afresh at once on this instance (others within TTL_MS).
    accounts.changes.on('changed', (_plugin: string, accountId: string) => this.forget(accountId));
  }

  /** For a job of `workspaceId`: its account, only if it belongs to that workspace. */
  async resolveIn(workspaceId: string, channelAccountId: string): Promise<ResolvedAccount | null> {
    const resolved = await this.resolve(channelAccountId);
    return resolved?.account.workspace === workspaceId ? resolved : null;
  }

  /** Any workspace: a webhook's URL names its account before anyone is signed in. Null when unknown or inactive. */
  async resolve(channelAccountId: string, pluginId?: string): Promise<ResolvedAccount | null> {
    const hit = this.cache.get(channelAccountId);
    if (hit && Date.now() - hit.at < TTL_MS) return pluginId && hit.value.account.plugin !== pluginId ? null : hit.value;
    const account = await this.orm.em.fork().findOne(ChannelAccount, { id: channelAccountId, active: true }, { filters: false });
    if (!account || (pluginId && account.plugin !== pluginId)) return null;
    const plugin = this.registry.findChannel(account.plugin);
    if (!plugin) return null;
    const value: ResolvedAccount = { account, plugin, context: this.contextOf(account, plugin) };
    this.cache.set(channelAccountId, { at: Date.now(), value });
    return value;
  }

  /**
   * "Test connection": the plugin's own check (`checkConnection`) with the account's stored config,
   * active or not. `supported: false` when the plugin has no check; a failure is `ok: false` with the
   * plugin's reason, never an error response.
   */
  async check(account: ChannelAccount): Promise<ConnectionCheck> {
    const plugin = this.registry.findChannel(account.plugin);
    const checkedAt = new Date().toISOString();
    if (!plugin?.checkConnection) return { supported: false, ok: null, message: `${account.plugin} has no connection test`, checkedAt };
    try {
      const result = await plugin.checkConnection(this.contextOf(account, plugin));
      return { supported: true, ok: result.ok, message: result.message ?? (result.ok ? 'Connected' : 'The provider refused the connection'), checkedAt };
    } catch (err) {
      return { supported: true, ok: false, message: (err as Error).message.slice(0, 300), checkedAt };
    }
  }

  contextOf(account: ChannelAccount, plugin: ChannelPlugin): ChannelAccountContext {
    return {
      id: account.id,
      workspaceId: account.workspace,
      name: account.name,
      webhookUrl: this.accounts.webhookUrl(account),
      config: plainToInstance(plugin.configClass, this.accounts.fullConfig(account)),
    };
  }

  forget(channelAccountId: string): void {
    this.cache.delete(channelAccountId);
  }
}
