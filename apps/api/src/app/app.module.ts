import type { DynamicModule } from '@nestjs/common';
import { CoreModule, type AppConfig } from '@parley/core';
import { ENABLED_PLUGINS } from '@parley/enabled-plugins';

/** The API server: core, the enabled plugins, and (unless WORKERS=off) the queue workers in-process. */
export function apiModule(config: AppConfig): DynamicModule {
  return CoreModule.forRoot({ config, plugins: ENABLED_PLUGINS, workers: config.workers === 'inline', http: true });
}
