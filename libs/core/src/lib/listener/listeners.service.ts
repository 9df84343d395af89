import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ChannelListener } from '@parley/plugin-sdk';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { PluginRegistry } from '../plugin-host/plugin-registry';
import { PluginListenerHost } from './plugin-listener-host';

/**
 * Starts every channel plugin's listener (the email plugin's SMTP server and IMAP mailboxes) in API
 * processes, unless LISTENERS=off, and stops them before the connections they commit through close.
 * A listener that cannot start (a port in use) is logged; the rest of the server runs.
 */
@Injectable()
export class ListenersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ListenersService.name);
  private readonly running: { pluginId: string; listener: ChannelListener }[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: PluginRegistry,
    private readonly host: PluginListenerHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.listeners) return;
    for (const plugin of this.registry.listChannels()) {
      if (!plugin.listener) continue;
      const listener = plugin.listener(this.host);
      try {
        await listener.start();
        this.running.push({ pluginId: plugin.id, listener });
      } catch (err) {
        this.logger.error(`the ${plugin.id} listener did not start: ${(err as Error).message}`);
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const { pluginId, listener } of this.running.splice(0)) {
      await listener.stop().catch((err: Error) => this.logger.warn(`the ${pluginId} listener did not stop cleanly: ${err.message}`));
    }
  }
}
