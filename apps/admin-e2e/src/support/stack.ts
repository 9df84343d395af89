import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import twilio from 'twilio';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort, testRunId, TwilioApiDouble } from '@parley/testing';

// One stack per e2e file: a database cloned from a template that holds the migrated schema and the demo
// workspace, the BUILT api (serving the built admin) as a child process on a free port with its own
// QUEUE_PREFIX, a local Twilio API double behind the demo's SMS account, and one Chromium.

export const ROOT = join(__dirname, '..', '..', '..', '..');
const DIST = process.env['PARLEY_E2E_DIST'] ?? join(ROOT, 'dist');
const API_MAIN = join(DIST, 'apps', 'api', 'main.js');
export const SCREENSHOTS = join(ROOT, 'apps', 'admin-e2e', 'screenshots');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ADMIN_URL = (process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '/postgres');
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const withDb = (name: string) => ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
const JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

/** What the demo seed (libs/core/src/lib/demo/demo-data.ts) creates and the suite relies on. */
export const DEMO = {
  email: 'admin@acme.test',
  password: 'parley-demo',
  workspace: 'Acme Home Services',
  smsAccountSid: 'AC' + '0'.repeat(32),
  smsAuthToken: 'demo-auth-token',
  smsFrom: '+15550100200',
};

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** The last 20 kB the server printed, for failure messages. */
  output: () => string;
}

export interface Stack {
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  twilio: TwilioApiDouble;
  /** The demo admin's API token. */
  token: string;
  /** The demo's SMS channel account, pointed at the Twilio double. */
  sms: { id: string; webhookUrl: string };
  /** A JSON call to the running API as the demo admin (or with `token`). */
  api: <T = any>(method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: T }>;
  /** Posts an inbound SMS to the demo's SMS webhook, signed with Twilio's own signer. */
  inboundSms: (from: string, body: string) => Promise<Response>;
  /** Uncaught page errors and console errors seen since the last call (and clears them). */
  takeBrowserErrors: () => string[];
  screenshot: (name: string) => Promise<void>;
  serverOutput: () => string;
  close: () => Promise<void>;
}

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * `parley_t_<run>_e2e_tpl`: migrated and seeded with the demo by the built app itself (`main.js seed`),
 * once per test run; each file clones it (~0.1 s). The run's databases and Redis keys are dropped by
 * libs/testing's global teardown (same `parley_t_<run>` / `pt<run>` names).
 */
async function templateDatabase(): Promise<string> {
  const template = `parley_t_${testRunId()}_e2e_tpl`;
  await withAdmin(async (admin) => {
    await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (rowCount) return;
      await admin.query(`create database ${quote(template)}`);
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-seed-'));
      try {
        const result = spawnSync(process.execPath, [API_MAIN, 'seed'], {
          cwd: ROOT,
          encoding: 'utf8',
          env: {
            ...process.env,
            ...serverEnv({ database: template, port: await freePort(), smtpPort: await freePort(), dataDir, queuePrefix: `pt${testRunId()}e2eseed` }),
            WORKERS: 'off',
          },
        });
        if (result.status !== 0) {
          await admin.query(`drop database if exists ${quote(template)} with (force)`);
          throw new Error(`Seeding the demo into ${template} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  return template;
}

function serverEnv(o: { database: string; port: number; smtpPort: number; dataDir: string; queuePrefix: string }): Record<string, string> {
  return {
    // Development, as `npm start` runs it: the sign-in page offers the demo login.
    NODE_ENV: 'development',
    PORT: String(o.port),
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    DATABASE_URL: withDb(o.database),
    REDIS_URL,
    QUEUE_PREFIX: o.queuePrefix,
    JWT_SECRET,
    DATA_DIR: o.dataDir,
    SMTP_PORT: String(o.smtpPort),
    // The Twilio double listens on loopback.
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1,localhost',
    LOG_LEVEL: process.env['PARLEY_TEST_LOGS'] === '1' ? 'info' : 'warn',
    WORKERS: 'inline',
  };
}

/** `node dist/apps/api/main.js serve` on `database`, resolved once /health/ready answers 200. */
export async function startServer(database: string, name: string, dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const env = { ...process.env, ...serverEnv({ database, port, smtpPort: await freePort(), dataDir, queuePrefix: `pt${testRunId()}e2e${name}` }) };
  const child = spawn(process.execPath, ['--enable-source-maps', API_MAIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let recent = '';
  const keep = (chunk: Buffer) => {
    recent = (recent + chunk.toString('utf8')).slice(-20_000);
    if (process.env['PARLEY_TEST_LOGS'] === '1') process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The api exited during start-up (${child.exitCode}):\n${recent}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return { baseUrl, child, output: () => recent };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`The api was not ready after 60 s:\n${recent}`);
}

export async function stopServer(server: ServerProcess | undefined): Promise<void> {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The stack for one e2e file; `name` (letters and digits) names its database and queue prefix. */
export async function startStack(name: string): Promise<Stack> {
  if (!/^[a-z0-9]+$/.test(name)) throw new Error(`stack name must be lowercase letters and digits: ${name}`);
  const buildError = process.env['PARLEY_E2E_BUILD_ERROR'];
  if (buildError) throw new Error(`No build to test (global setup): ${buildError}`);
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  };
  try {
    const template = await templateDatabase();
    const database = `parley_t_${testRunId()}_e2e_${name}`;
    await withAdmin(async (admin) => {
      await admin.query(`drop database if exists ${quote(database)} with (force)`);
      await admin.query(`create database ${quote(database)} template ${quote(template)}`);
    });
    cleanups.push(() => withAdmin((admin) => admin.query(`drop database if exists ${quote(database)} with (force)`)));

    const dataDir = mkdtempSync(join(tmpdir(), `parley-e2e-${name}-`));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startServer(database, name, dataDir);
    cleanups.push(() => stopServer(server));
    const { baseUrl } = server;

    const double = await new TwilioApiDouble(DEMO.smsAccountSid, DEMO.smsAuthToken).start();
    cleanups.push(() => double.stop());

    const api: Stack['api'] = async (method, path, body, bearer) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let parsed: any = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed };
    };
    const login = await api('POST', '/api/v1/auth/login', { email: DEMO.email, password: DEMO.password });
    if (login.status !== 200 && login.status !== 201) throw new Error(`demo login failed: ${login.status} ${JSON.stringify(login.body)}`);
    const token: string = login.body.accessToken;
    const authed: Stack['api'] = (method, path, body, bearer = token) => api(method, path, body, bearer);

    // The demo's SMS account sends through the double (its credentials are the demo's, so the double accepts them).
    const accounts = await authed<any>('GET', '/api/v1/channel-accounts');
    const list: any[] = Array.isArray(accounts.body) ? accounts.body : accounts.body.items;
    const smsAccount = list.find((a) => a.plugin === 'twilio-sms');
    if (!smsAccount) throw new Error(`the demo has no twilio-sms account: ${JSON.stringify(accounts.body)}`);
    const patched = await authed('PATCH', `/api/v1/channel-accounts/${smsAccount.id}`, { config: { apiBaseUrl: double.url } });
    if (patched.status !== 200) throw new Error(`could not point the SMS account at the double: ${patched.status} ${JSON.stringify(patched.body)}`);
    const sms = { id: smsAccount.id as string, webhookUrl: smsAccount.webhookUrl as string };

    let sid = 0;
    const inboundSms: Stack['inboundSms'] = (from, body) => {
      const params: Record<string, string> = {
        MessageSid: `SM${randomBytes(12).toString('hex')}${(++sid).toString(16).padStart(8, '0')}`,
        AccountSid: DEMO.smsAccountSid,
        From: from,
        To: DEMO.smsFrom,
        Body: body,
        NumMedia: '0',
        SmsStatus: 'received',
      };
      return fetch(sms.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(DEMO.smsAuthToken, sms.webhookUrl, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    };

    const profile = mkdtempSync(join(tmpdir(), `parley-e2e-chromium-${name}-`));
    cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
    // A persistent context on a fresh profile directory: Chromium's own --user-data-dir, one browser per file.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
      baseURL: baseUrl,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    cleanups.push(() => context.close());
    context.setDefaultTimeout(10_000);
    const page = context.pages()[0] ?? (await context.newPage());

    const errors: string[] = [];
    const watch = (p: Page) => {
      p.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      p.on('console', (msg) => {
        // Chromium logs every non-2xx response as "Failed to load resource": those are answers the app
        // handles (a wrong password's 401), not errors in the page's code.
        if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) errors.push(`console.error: ${msg.text()}`);
      });
    };
    watch(page);
    context.on('page', watch);

    mkdirSync(SCREENSHOTS, { recursive: true });
    return {
      baseUrl,
      context,
      page,
      twilio: double,
      token,
      sms,
      api: authed,
      inboundSms,
      takeBrowserErrors: () => errors.splice(0),
      screenshot: async (file) => void (await page.screenshot({ path: join(SCREENSHOTS, `${file}.png`) })),
      serverOutput: server.output,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
