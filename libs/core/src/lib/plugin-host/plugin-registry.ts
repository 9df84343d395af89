import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ChannelProvider, type ChannelPlugin } from '@parley/plugin-sdk';

/**
 * The enabled channel plugins, found at start-up among the providers marked with @ChannelProvider().
 * Two plugins with one id stop the start.
 */
@Injectable()
export class PluginRegistry implements OnModuleInit {
  private readonly channels = new Map<string, ChannelPlugin>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: ChannelProvider.KEY })) {
      const plugin = wrapper.instance as ChannelPlugin | undefined;
      if (!plugin) continue;
      const { id } = this.discovery.getMetadataByDecorator(ChannelProvider, wrapper) ?? { id: plugin.id };
      if (id !== plugin.id) throw new Error(`Channel plugin ${wrapper.name}: decorator id "${id}" differs from its id "${plugin.id}"`);
      if (this.channels.has(id)) throw new Error(`Two channel plugins share the id "${id}"`);
      this.channels.set(id, plugin);
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
