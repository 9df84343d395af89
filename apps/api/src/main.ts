import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { join } from 'node:path';
import { ConfigError, createHttpApp, DemoSeeder, loadConfig, type AppConfig } from '@parley/core';
import { apiModule } from './app/app.module';

/**
 * `main.js [serve] [--seed-demo]` migrates, optionally seeds the demo workspace, then serves.
 * `main.js migrate` and `main.js seed` do just that step and exit.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const command = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'serve';
  const seedDemo = process.argv.includes('--seed-demo') || command === 'seed';

  const app = await createHttpApp(apiModule(config), { adminDir: join(__dirname, '..', 'admin', 'browser') });
  const orm = app.get(MikroORM);
  const pending = await orm.getMigrator().getPendingMigrations();
  if (pending.length) {
    console.log(`Applying ${pending.length} database migration(s)…`);
    await orm.getMigrator().up();
  }
  if (command === 'migrate') return app.close();
  // Lifecycle hooks (plugin discovery among them) run here, after the schema is current.
  await app.init();

  if (seedDemo) {
    const result = await app.get(DemoSeeder).seed((step, done, total) => console.log(`  seeding demo [${done}/${total}] ${step}`));
    console.log(result.created ? 'Demo workspace "Acme Home Services" created.' : 'Demo workspace already present.');
  }
  if (command === 'seed') return app.close();

  await app.listen({ port: config.port, host: '0.0.0.0' });
  console.log(`\nParley is running at ${config.publicUrl}`);
  console.log(`  Dashboard  ${config.publicUrl}/`);
  console.log(`  API docs   ${config.publicUrl}/api/docs`);
  if (seedDemo) console.log(`  Demo login admin@acme.test / parley-demo (operators: maya@acme.test, leo@acme.test)`);
}

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
