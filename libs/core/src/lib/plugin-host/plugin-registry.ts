import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, type DiscoverableDecorator } from '@nestjs/core';
import { AiProviderPlugin, ChannelProvider, type AiProvider, type ChannelPlugin } from '@parley/plugin-sdk';

/**
 * The enabled plugins, found at start-up among the providers marked with @ChannelProvider() or
 * @AiProviderPlugin(). Two plugins of a kind with one id stop the start.
 */
@Injectable()
export class PluginRegistry implements OnModuleInit {
  private readonly channels = new Map<string, ChannelPlugin>();
  private readonly aiProviders = new Map<string, AiProvider>();
  private discovered = false;

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.discover(ChannelProvider, 'channel plugin', this.channels);
    this.discover(AiProviderPlugin, 'AI provider', this.aiProviders);
    this.discovered = true;
  }

  private discover<T extends { id: string }>(decorator: DiscoverableDecorator<{ id: string }>, kind: string, into: Map<string, T>): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: decorator.KEY })) {
      const plugin = wrapper.instance as T | undefined;
      if (!plugin) continue;
      const { id } = this.discovery.getMetadataByDecorator(decorator, wrapper) ?? { id: plugin.id };
      if (id !== plugin.id) throw new Error(`${kind} ${wrapper.name}: decorator id "${id}" differs from its id "${plugin.id}"`);
      if (into.has(id)) throw new Error(`Two ${kind}s share the id "${id}"`);
      into.set(id, plugin);
    }
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

  listAiProviders(): AiProvider[] {
    this.assertDiscovered();
    return [...this.aiProviders.values()];
  }

  findAiProvider(id: string): AiProvider | undefined {
    this.assertDiscovered();
    return this.aiProviders.get(id);
  }
}
