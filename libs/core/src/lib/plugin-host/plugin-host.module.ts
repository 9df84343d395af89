import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PluginRegistry } from './plugin-registry';
import { SecretBox } from './secret-box';
import { PluginConfigService } from './plugin-config';
import { PluginsController } from './plugins.controller';

/** Installed plugins, their validated and encrypted config. The SDK facades plugins inject are global (PluginFacadesModule). */
@Module({
  imports: [DiscoveryModule],
  providers: [PluginRegistry, SecretBox, PluginConfigService],
  controllers: [PluginsController],
  exports: [PluginRegistry, SecretBox, PluginConfigService],
})
export class PluginHostModule {}
