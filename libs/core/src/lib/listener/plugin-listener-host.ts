import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ChannelListenerHost, type ChannelAccountContext, type InboundEvent, type ListenerSettings, type ListenerStatus } from '@parley/plugin-sdk';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { AccountContextService } from '../channel-account/account-context.service';
import { ChannelAccountService } from '../channel-account/channel-account.service';
import { IngestService } from '../ingest/ingest.service';
import { PluginRegistry } from '../plugin-host/plugin-registry';

/** Accounts edited on another instance reach this one's listeners within this long. */
const REFRESH_MS = 30_000;

/**
 * What a plugin's listener gets from the host. Like the webhook route it works before anyone signs in,
 * so it reads accounts of every workspace, but only the listener's own plugin's, and writes only through
 * ingest (the webhook path) and the account's listener columns.
 */
@Injectable()
export class PluginListenerHost extends ChannelListenerHost {
  readonly settings: ListenerSettings;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly orm: MikroORM,
    private readonly registry: PluginRegistry,
    private readonly contexts: AccountContextService,
    private readonly accountService: ChannelAccountService,
    private readonly ingestService: IngestService,
  ) {
    super();
    this.settings = { smtpPort: config.smtpPort, maxMessageBytes: config.smtpMaxMessageBytes, ...(config.smtpTls ? { tls: config.smtpTls } : {}) };
  }

  async accounts(pluginId: string): Promise<ChannelAccountContext[]> {
    const plugin = this.registry.findChannel(pluginId);
    if (!plugin) return [];
    const rows = await this.orm.em.fork().find(ChannelAccount, { plugin: pluginId, active: true }, { filters: false, orderBy: { createdAt: 'asc' } });
    return rows.map((account) => this.contexts.contextOf(account, plugin));
  }

  onAccountsChanged(pluginId: string, listener: () => void): () => void {
    const onChange = (changed: string) => {
      if (changed === pluginId) listener();
    };
    this.accountService.changes.on('changed', onChange);
    const timer = setInterval(listener, REFRESH_MS);
    timer.unref();
    return () => {
      this.accountService.changes.off('changed', onChange);
      clearInterval(timer);
    };
  }

  /** As the webhook route does: resolves once every event is committed, rejects when one may pass on a retry. */
  async ingest(accountId: string, events: InboundEvent[]): Promise<void> {
    const resolved = await this.contexts.resolve(accountId);
    if (!resolved) throw new Error(`channel account ${accountId} is unknown or inactive`);
    await this.ingestService.ingest(resolved.account, events);
  }

  async setStatus(accountId: string, status: ListenerStatus): Promise<void> {
    await this.orm.em
      .getConnection()
      .execute('update channel_account set listener_state = ?, listener_message = ?, listener_updated_at = now() where id = ?', [
        status.state,
        status.message?.slice(0, 500) ?? null,
        accountId,
      ]);
  }

  async getCursor(accountId: string, key: string): Promise<string | null> {
    const [row] = await this.orm.em
      .getConnection()
      .execute<{ value: string | null }[]>('select listener_cursors ->> ? as value from channel_account where id = ?', [key, accountId]);
    return row?.value ?? null;
  }

  async setCursor(accountId: string, key: string, value: string): Promise<void> {
    await this.orm.em
      .getConnection()
      .execute('update channel_account set listener_cursors = listener_cursors || jsonb_build_object(?::text, ?::text) where id = ?', [key, value, accountId]);
  }
}
