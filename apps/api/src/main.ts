import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { join } from 'node:path';
import { ConfigError, createAdminCommand, createHttpApp, firstRun, loadConfig, type AppConfig } from '@parley/core';
import { apiModule } from './app/app.module';

/**
 * `main.js [serve] [--seed-demo]` migrates, then serves. `--seed-demo` (development only, `npm start`)
 * seeds the demo workspace; without it, a server with no user prints a one-time link to create the
 * first admin. `main.js migrate` and `main.js seed` do just that step and exit; `main.js create-admin
 * --email …` creates the first admin from the command line.
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
  if (command === 'create-admin') {
    // Without init: no workers or listeners start, so it runs beside a serving process (docker compose exec).
    const code = await createAdminCommand(app, process.argv.slice(3));
    await app.close();
    process.exit(code);
  }
  // Lifecycle hooks (plugin discovery among them) run here, after the schema is current.
  await app.init();

  if (command === 'seed') {
    await firstRun(app, { seedDemo: true });
    return app.close();
  }

  // Before listening: the demo is complete when the dashboard first answers.
  await firstRun(app, { seedDemo });
  await app.listen({ port: config.port, host: '0.0.0.0' });
  console.log(`\nParley is running at ${config.publicUrl}`);
  console.log(`  Dashboard  ${config.publicUrl}/`);
  console.log(`  API docs   ${config.publicUrl}/api/docs`);
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
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
