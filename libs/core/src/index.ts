// What the apps compose: the modules, configuration, the HTTP bootstrap and the first-run commands.
// Internals that tests drive directly are in `@parley/core/testing`.
export * from './lib/config/app-config';
export { ConfigModule, APP_CONFIG } from './lib/config/config.module';
export { CoreHttpModule, CoreModule, type CoreOptions } from './lib/core.module';
export { WorkersModule } from './lib/workers/workers.module';
export { createHttpApp, BODY_LIMIT_BYTES } from './lib/bootstrap/create-http-app';
export { firstRun, createAdminCommand } from './lib/bootstrap/first-run';
export { ormOptions } from './lib/database/orm.config';
export { DemoSeeder, type SeedResult } from './lib/demo/demo-seeder';
export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from './lib/demo/demo-data';
