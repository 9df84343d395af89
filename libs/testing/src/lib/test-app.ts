import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/postgresql';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreHttpModule, CoreModule, createHttpApp, loadConfig, WorkersModule, type AppConfig } from '@parley/core';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AuthResult } from '@parley/contracts';
import { testRunId, truncateAll, workerDatabaseUrl, workerId } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  orm: MikroORM;
  config: AppConfig;
  request: <T = any>(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  close: () => Promise<void>;
}

@Module({})
class TestAppModule {}

/**
 * The real app (Fastify, all core modules, the enabled plugins) on this worker's database, emptied,
 * with a BullMQ prefix of its own. One per test file: boot once in beforeAll, close in afterAll.
 */
export interface TestAppOptions {
  /** Plugin modules to enable, as the app composes them (apps/api passes its enabled list). */
  plugins?: DynamicModule[];
  /** A built dashboard to serve, as apps/api serves dist/apps/admin. */
  adminDir?: string;
}

export async function createTestApp(overrides: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: await workerDatabaseUrl(),
    REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `pt${testRunId()}w${workerId()}`,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-test-')),
    PUBLIC_URL: 'https://parley.test',
    // The local doubles of Twilio, Meta and chat-completions servers listen on loopback.
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1,localhost',
    LOG_LEVEL: process.env['PARLEY_TEST_LOGS'] === '1' ? 'warn' : 'silent',
    // Channel listeners (the SMTP server on SMTP_PORT) only where a test asks for them: parallel apps would share the port.
    LISTENERS: 'off',
    ...overrides,
  });
  const module = {
    module: TestAppModule,
    imports: [CoreModule.forRoot({ config, plugins: options.plugins ?? [] }), CoreHttpModule, ...(config.workers === 'inline' ? [WorkersModule] : [])],
  };
  // PARLEY_TEST_LOGS=1 shows the server's logs (errors with stacks) while debugging a test.
  const app = await createHttpApp(module, { logs: process.env['PARLEY_TEST_LOGS'] === '1', adminDir: options.adminDir });
  const orm = app.get(MikroORM) as MikroORM;
  try {
    await truncateAll(orm);
    await app.init();
  } catch (err) {
    // An app that fails to start (a test of exactly that) still holds its pools and connections.
    await app.close().catch(() => undefined);
    throw err;
  }
  await app.getHttpAdapter().getInstance().ready();

  const request: TestApp['request'] = async (method, url, options = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, body: type.includes('json') ? res.json() : (res.body as never), headers: res.headers };
  };
  return { app, orm, config, request, close: () => app.close() };
}

let counter = 0;
/** A fresh workspace with its admin, through the public signup route. */
export async function signupWorkspace(t: TestApp, name = 'Workspace'): Promise<AuthResult & { token: string }> {
  const n = ++counter;
  const res = await t.request<AuthResult>('POST', '/api/v1/auth/signup', {
    body: {
      workspaceName: `${name} ${n}`,
      name: `Admin ${n}`,
      email: `admin${n}.${Date.now()}@${name.toLowerCase().replace(/\W/g, '')}.test`,
      password: 'correct horse battery',
    },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, token: res.body.accessToken };
}
