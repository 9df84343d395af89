import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, CoreModule, loadConfig, WorkersModule } from '@parley/core';
import { ENABLED_PLUGINS } from '@parley/enabled-plugins';

@Module({})
class WorkerAppModule {}

/** Queue workers and the outbox relay without HTTP, for running on other machines than the API. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(
    { module: WorkerAppModule, imports: [CoreModule.forRoot({ config, plugins: ENABLED_PLUGINS }), WorkersModule] },
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Parley worker started');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
