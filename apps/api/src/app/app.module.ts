import { Module, type DynamicModule } from '@nestjs/common';
import { CoreHttpModule, CoreModule, WorkersModule, type AppConfig } from '@parley/core';
import { ENABLED_PLUGINS } from '@parley/enabled-plugins';

@Module({})
class ApiModule {}

/** The API server: core, the enabled plugins, and (unless WORKERS=off) the queue workers in-process. */
export function apiModule(config: AppConfig): DynamicModule {
  return {
    module: ApiModule,
    imports: [CoreModule.forRoot({ config, plugins: ENABLED_PLUGINS }), CoreHttpModule, ...(config.workers === 'inline' ? [WorkersModule] : [])],
  };
}
