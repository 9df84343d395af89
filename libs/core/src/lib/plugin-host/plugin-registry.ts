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
  private discovered = false;

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
    this.discovered = true;
  }

  /** Reading the registry before `app.init()` would see no plugins at all: fail loudly instead. */
  private assertDiscovered(): void {
    if (!this.discovered) throw new Error('Plugin registry read before the application was initialised (call app.init() first)');
  }

  listChannels(): ChannelPlugin[] {
    this.assertDiscovered();
    return [...this.channels.values()];
  }

  channel(id: string): ChannelPlugin {
    this.assertDiscovered();
    const plugin = this.channels.get(id);
    if (!plugin) throw new NotFoundException(`No channel plugin "${id}" is installed`);
    return plugin;
  }

  findChannel(id: string): ChannelPlugin | undefined {
    this.assertDiscovered();
    return this.channels.get(id);
  }
}
