// The system under test: a throw-away database, the built API as a child process, and the two API
// calls that give us a workspace and a Twilio SMS channel account to post webhooks to.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ROOT, databaseUrl, settings } from './settings.mjs';

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

async function withAdmin(fn) {
  const admin = new pg.Client({ connectionString: settings.adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/**
 * The bench measures whatever dist/apps/api/main.js holds: say so when sources changed after it was
 * built (the newest file under apps/, libs/ and plugins/, as scripts/start.mjs checks).
 */
export function buildFreshness() {
  const builtAt = statSync(settings.apiMain).mtime;
  let newest = { at: new Date(0), file: '' };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (/^(node_modules|dist|\.angular)$/.test(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) {
        const at = statSync(path).mtime;
        if (at > newest.at) newest = { at, file: path.slice(ROOT.length + 1) };
      }
    }
  };
  for (const dir of ['apps/api', 'libs', 'plugins']) if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return { builtAt, newestSource: newest.at, newestFile: newest.file, stale: newest.at > builtAt };
}

/** Drops (forcing out leftover sessions of an interrupted run) and recreates the bench database. */
export async function recreateDatabase() {
  await withAdmin(async (admin) => {
    await admin.query(`drop database if exists ${quoteIdent(settings.database)} with (force)`);
    await admin.query(`create database ${quoteIdent(settings.database)}`);
  });
}

export async function dropDatabase() {
  await withAdmin((admin) => admin.query(`drop database if exists ${quoteIdent(settings.database)} with (force)`));
}

export async function postgresVersion() {
  return withAdmin(async (admin) => (await admin.query('show server_version')).rows[0].server_version);
}

/** Asks the kernel for a free port (tiny race with other processes, acceptable for a bench). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node dist/apps/api/main.js serve` on the bench's database with its own data dir. The queue
 * prefix and JWT secret are random unless given: instances that must cooperate (one event bus, tokens
 * valid on each) share them. Its output goes to a log file: at LOG_LEVEL=warn anything there is worth
 * reporting.
 */
export function startApi({ port, name, queuePrefix = `bench${randomBytes(4).toString('hex')}`, jwtSecret = randomBytes(32).toString('base64url') }) {
  if (!existsSync(settings.apiMain)) {
    throw new Error(`${settings.apiMain} is missing: build it first with\n  NX_NO_CLOUD=true NX_DAEMON=false npx nx build api --outputStyle=static`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), name ? `parley-bench-${name}-` : 'parley-bench-'));
  const logFile = join(dataDir, 'api.log');
  const env = {
    ...process.env,
    NODE_ENV: 'production', // as deployed; production only adds the JWT_SECRET requirement, which we meet
    DATABASE_URL: databaseUrl(),
    REDIS_URL: settings.redisUrl,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    JWT_SECRET: jwtSecret,
    DATA_DIR: dataDir,
    WORKERS: 'inline',
    // No SMTP server or IMAP mailboxes: several bench instances run side by side and measure webhooks.
    LISTENERS: 'off',
  };
  // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the API without touching it.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, settings.apiMain, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const api = { name, child, pid: child.pid, dataDir, logFile, queuePrefix, baseUrl: env.PUBLIC_URL, port, recent: '' };
  pipeChildLog(child, logFile, api);
  return api;
}

/**
 * Pipes a child's stdout and stderr into one log file (summarised at the end) and keeps the tail in
 * `api.recent` for error messages; `api.exited` resolves once the log is complete.
 */
export function pipeChildLog(child, logFile, api) {
  const log = createWriteStream(logFile);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    stream.pipe(log, { end: false }); // two sources: neither may end the file for the other
    stream.on('data', (chunk) => (api.recent = (api.recent + chunk).slice(-20_000)));
  }
  const logWritten = new Promise((resolve) => log.once('finish', resolve));
  // 'close' comes after 'exit' once stdout and stderr are drained: the log is complete then.
  api.exited = new Promise((resolve) =>
    child.once('close', (code, signal) => {
      log.end();
      logWritten.then(() => resolve({ code, signal }));
    }),
  );
}

/** Polls /health/ready (PostgreSQL + Redis checked by the app itself) until it answers 200. */
export async function waitReady(api, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let exit;
  api.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`API exited during startup (${exit.code ?? exit.signal}):\n${tail(api)}`);
    try {
      const res = await fetch(`${api.baseUrl}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet (migrations run first)
    }
    await sleep(250);
  }
  throw new Error(`API not ready after ${timeoutMs / 1000}s:\n${tail(api)}`);
}

/** SIGTERM (graceful: the app drains its workers), SIGKILL if it lingers; resolves once its log is complete. */
export async function stopApi(api) {
  if (!api) return;
  if (api.child.exitCode === null && api.child.signalCode === null) {
    api.child.kill('SIGTERM');
    const done = await Promise.race([api.exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!done) api.child.kill('SIGKILL');
  }
  await api.exited;
}

export function removeDataDir(api) {
  if (api?.dataDir) rmSync(api.dataDir, { recursive: true, force: true });
}

/** BullMQ keeps completed jobs for a while: remove this run's keys from the shared Redis. */
export async function cleanRedis(queuePrefix) {
  if (!queuePrefix) return 0;
  const redis = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

/** A JSON call to the running API (`api.baseUrl`); a non-2xx answer throws with its body. */
export async function apiCall(api, method, path, body, token) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs up a workspace and creates the twilio-sms account the load posts to. */
export async function createTwilioAccount(api) {
  const tag = randomBytes(4).toString('hex');
  const signup = await apiCall(api, 'POST', '/api/v1/auth/signup', {
    workspaceName: `Bench ${tag}`,
    name: 'Bench Admin',
    email: `bench-${tag}@example.com`,
    password: randomBytes(12).toString('base64url'),
  });
  const authToken = randomBytes(16).toString('hex');
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const account = await apiCall(
    api,
    'POST',
    '/api/v1/channel-accounts',
    {
      plugin: 'twilio-sms',
      name: 'Bench SMS',
      // apiBaseUrl points at a closed port: nothing in this bench may reach Twilio.
      config: { accountSid, authToken, fromNumber: '+15550009999', apiBaseUrl: 'http://127.0.0.1:9' },
    },
    signup.accessToken,
  );
  // This bench measures webhook ingest: the assistant's replies would add turns, and sends that fail on
  // the closed port above.
  await apiCall(api, 'PUT', '/api/v1/assistant', { enabled: false }, signup.accessToken);
  return { id: account.id, webhookUrl: account.webhookUrl, authToken, accountSid };
}

/** The report lines for summariseApiLog's entries (markdown list; `label` names the instance). */
export function apiLogLines(entries, { limit = 10, label = '' } = {}) {
  const who = label ? `${label}: ` : '';
  return entries.length ? entries.slice(0, limit).map((e) => `- ${who}${e.count} × ${e.message.replace(/\|/g, '\\|')}`) : [`- ${who}nothing logged`];
}

/** Warnings and errors the API logged (LOG_LEVEL=warn), grouped by message. */
export function summariseApiLog(logFile) {
  if (!existsSync(logFile)) return [];
  const counts = new Map();
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let key;
    try {
      const entry = JSON.parse(line);
      key = `${entry.level >= 50 ? 'error' : 'warn'}: ${String(entry.msg ?? entry.err?.message ?? line).slice(0, 160)}`;
    } catch {
      // Plain stdout (startup banner, migrator) is not a warning unless it says so.
      if (!/error|warn|exception|fail/i.test(line)) continue;
      key = line.slice(0, 160);
    }
    // Group messages that differ only by ids or numbers.
    key = key.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>').replace(/\d+/g, 'N');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([message, count]) => ({ message, count }));
}

/** The last lines the API printed. */
export function tail(api, lines = 30) {
  return api.recent.trimEnd().split('\n').slice(-lines).join('\n') || '(nothing printed)';
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prints the report and writes it to `file`. */
export function writeReport(file, report, log) {
  console.log(`\n${report}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, report);
  log(`report written to ${file}`);
}

/** Runs a benchmark's main, then its cleanup, also after a failure (exit code 1). */
export function runMain(main, cleanup) {
  main()
    .then(cleanup)
    .catch(async (err) => {
      console.error(`\n✗ benchmark failed: ${err.stack ?? err}`);
      await cleanup();
      process.exitCode = 1;
    });
}
