import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { configJsonSchema, secretPaths } from '@parley/plugin-sdk';
import { PluginRegistry } from './plugin-registry';

@ApiTags('plugins')
@ApiBearerAuth()
@Controller('plugins')
export class PluginsController {
  constructor(private readonly registry: PluginRegistry) {}

  /** Installed plugins (channels, then AI providers); `secretFields` (dotted paths, e.g. `smtp.password`) tells the admin which inputs are password fields. */
  @Get()
  list() {
    return {
      items: [
        ...this.registry.listChannels().map((p) => ({
          id: p.id,
          kind: 'channel',
          channel: p.channel,
          displayName: p.displayName,
          capabilities: p.capabilities,
          configSchema: configJsonSchema(p.configClass),
          secretFields: secretPaths(p.configClass),
        })),
        ...this.registry.listAiProviders().map((p) => ({
          id: p.id,
          kind: 'ai',
          displayName: p.displayName,
          configSchema: configJsonSchema(p.configClass),
          secretFields: secretPaths(p.configClass),
        })),
      ],
      nextCursor: null,
    };
  }
}
