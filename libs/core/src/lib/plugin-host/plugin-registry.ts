import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { ChannelPlugin } from '@parley/plugin-sdk';

export const CHANNEL_PLUGINS = Symbol('CHANNEL_PLUGINS');

/** The enabled channel plugins, as composed by the app (apps/api and apps/worker share one list). */
@Injectable()
export class PluginRegistry {
  private readonly channels = new Map<string, ChannelPlugin>();

  constructor(@Inject(CHANNEL_PLUGINS) plugins: ChannelPlugin[]) {
    for (const plugin of plugins) {
      if (this.channels.has(plugin.id)) throw new Error(`Two channel plugins share the id "${plugin.id}"`);
      this.channels.set(plugin.id, plugin);
    }
  }

  listChannels(): ChannelPlugin[] {
    return [...this.channels.values()];
  }

  channel(id: string): ChannelPlugin {
    const plugin = this.channels.get(id);
    if (!plugin) throw new NotFoundException(`No channel plugin "${id}" is installed`);
    return plugin;
  }

  findChannel(id: string): ChannelPlugin | undefined {
    return this.channels.get(id);
  }
}
