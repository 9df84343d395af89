import { ChannelListenerHost, type ChannelAccountContext, type InboundEvent, type ListenerSettings, type ListenerStatus } from '@parley/plugin-sdk';
import type { EmailConfig } from '../lib/email.config';

/**
 * A stand-in for the core's listener host in the plugin's own tests (the core's host has its own integration
 * tests): accounts set by the test, ingest recorded (or refused on demand), cursors and statuses in memory.
 */
export class FakeListenerHost extends ChannelListenerHost {
  readonly ingested: { accountId: string; events: InboundEvent[] }[] = [];
  readonly statuses: { accountId: string; status: ListenerStatus }[] = [];
  readonly cursors = new Map<string, string>();
  /** While set, `ingest` rejects: the core could not commit. */
  refuseIngest: Error | undefined;
  private readonly subscribers = new Set<() => void>();
  private waiters: (() => void)[] = [];

  constructor(
    readonly settings: ListenerSettings,
    public list: ChannelAccountContext<EmailConfig>[],
  ) {
    super();
  }

  async accounts(pluginId: string): Promise<ChannelAccountContext[]> {
    return pluginId === 'email' ? [...this.list] : [];
  }

  onAccountsChanged(_pluginId: string, listener: () => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** The admin edited the accounts: every subscriber hears of it. */
  changeAccounts(list: ChannelAccountContext<EmailConfig>[]): void {
    this.list = list;
    this.subscribers.forEach((s) => s());
  }

  async ingest(accountId: string, events: InboundEvent[]): Promise<void> {
    if (this.refuseIngest) throw this.refuseIngest;
    this.ingested.push({ accountId, events });
    this.waiters.splice(0).forEach((w) => w());
  }

  async setStatus(accountId: string, status: ListenerStatus): Promise<void> {
    this.statuses.push({ accountId, status });
    this.waiters.splice(0).forEach((w) => w());
  }

  async getCursor(accountId: string, key: string): Promise<string | null> {
    return this.cursors.get(`${accountId}/${key}`) ?? null;
  }

  async setCursor(accountId: string, key: string, value: string): Promise<void> {
    this.cursors.set(`${accountId}/${key}`, value);
  }

  /** Resolves once `test` holds, re-checked after every ingest and status. */
  async until(test: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`FakeListenerHost: no ${what} after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** An email account context as the host hands it to the plugin. */
export function emailAccount(id: string, config: Partial<EmailConfig> & { address: string }): ChannelAccountContext<EmailConfig> {
  return {
    id,
    workspaceId: `ws-${id}`,
    name: id,
    webhookUrl: `https://parley.test/webhooks/email/${id}`,
    config: { smtp: { host: '127.0.0.1', port: 25, secure: false }, ...config } as EmailConfig,
  };
}
