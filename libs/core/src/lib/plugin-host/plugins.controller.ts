import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { secretFields } from '@parley/plugin-sdk';
import { PluginRegistry } from './plugin-registry';

@ApiTags('plugins')
@ApiBearerAuth()
@Controller('plugins')
export class PluginsController {
  constructor(private readonly registry: PluginRegistry) {}

  /** Installed plugins; `secretFields` tells the admin which inputs are password fields. */
  @Get()
  list() {
    return {
      items: this.registry.listChannels().map((p) => ({
        id: p.id,
        kind: 'channel',
        channel: p.channel,
        displayName: p.displayName,
        capabilities: p.capabilities,
        secretFields: secretFields(p.configClass),
      })),
      nextCursor: null,
    };
  }
}
