// The system under test: two API instances of the built app sharing one database, one Redis and one
// QUEUE_PREFIX (so one event bus), a workspace, operator users, and one conversation to write notes on.
// The ingest bench's startApi() gives every instance its own random QUEUE_PREFIX and JWT_SECRET, which
// two cooperating instances must share; startInstance() below builds the same `api` object (child, pid,
// logFile, dataDir, queuePrefix, baseUrl, recent, exited), so the ingest helpers (waitReady, stopApi,
// tail, summariseApiLog, removeDataDir, cleanRedis) work on it unchanged.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT, databaseUrl, settings } from '../../ingest/lib/settings.mjs';
import { apiCall, pipeChildLog } from '../../ingest/lib/app.mjs';

export function newClusterIdentity() {
  return { queuePrefix: `benchfanout${randomBytes(4).toString('hex')}`, jwtSecret: randomBytes(32).toString('base64url') };
}

/** `node dist/apps/api/main.js serve` with the cluster's shared prefix and secret. */
export function startInstance({ name, port, queuePrefix, jwtSecret }) {
  if (!existsSync(settings.apiMain)) {
    throw new Error(`${settings.apiMain} is missing: build it first with\n  NX_NO_CLOUD=true NX_DAEMON=false npx nx build api --outputStyle=static`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), `parley-fanout-${name}-`));
  const logFile = join(dataDir, 'api.log');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl(),
    REDIS_URL: settings.redisUrl,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    JWT_SECRET: jwtSecret,
    DATA_DIR: dataDir,
    WORKERS: 'inline',
  };
  // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles both instances.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, settings.apiMain, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const api = { name, child, pid: child.pid, dataDir, logFile, queuePrefix, baseUrl: env.PUBLIC_URL, port, recent: '' };
  pipeChildLog(child, logFile, api);
  return api;
}

/** A bare Socket.IO server (bare-server.mjs) in the same `api` shape, so stopApi/tail work on it too. */
export function startBareServer({ name, port, channel }) {
  const dataDir = mkdtempSync(join(tmpdir(), `parley-fanout-bare-${name}-`));
  const logFile = join(dataDir, 'server.log');
  // BENCH_BARE_NODE_ARGS profiles the bare servers like BENCH_API_NODE_ARGS does the API.
  const execArgv = (process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(new URL('./bare-server.mjs', import.meta.url), [], {
    execArgv,
    env: { ...process.env, PORT: String(port), REDIS_URL: settings.redisUrl, CHANNEL: channel },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const server = { name, child, pid: child.pid, dataDir, logFile, baseUrl: `http://127.0.0.1:${port}`, port, recent: '' };
  pipeChildLog(child, logFile, server);
  server.listening = new Promise((resolve, reject) => {
    child.once('message', (m) => (m?.listening ? resolve() : reject(new Error(`unexpected message ${JSON.stringify(m)}`))));
    server.exited.then((e) => reject(new Error(`bare server ${name} exited (${e.code ?? e.signal}): ${server.recent}`)));
  });
  return server;
}

/**
 * Through the API (instance A): a workspace, `operators` operator users and their tokens (login), a
 * twilio-sms account with a dummy config, and a conversation started without a body (no provider call).
 */
export async function setupWorkspace(baseUrl, operators) {
  const api = { baseUrl };
  const tag = randomBytes(4).toString('hex');
  const password = randomBytes(12).toString('base64url');
  const signup = await apiCall(api, 'POST', '/api/v1/auth/signup', { workspaceName: `Fanout ${tag}`, name: 'Bench Admin', email: `fanout-${tag}@example.com`, password });
  const admin = signup.accessToken;
  const tokens = [];
  for (let i = 0; i < operators; i++) {
    const email = `fanout-${tag}-op${i}@example.com`;
    await apiCall(api, 'POST', '/api/v1/users', { email, name: `Operator ${i}`, password, role: 'operator' }, admin);
    const login = await apiCall(api, 'POST', '/api/v1/auth/login', { email, password });
    tokens.push(login.accessToken);
  }
  const account = await apiCall(
    api,
    'POST',
    '/api/v1/channel-accounts',
    // apiBaseUrl points at a closed port: nothing in this bench may reach Twilio.
    { plugin: 'twilio-sms', name: 'Fanout SMS', config: { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex'), fromNumber: '+15550009999', apiBaseUrl: 'http://127.0.0.1:9' } },
    admin,
  );
  const conversation = await apiCall(api, 'POST', '/api/v1/conversations', { channelAccountId: account.id, contact: { name: 'Fanout Contact', phone: '+15550001234' } }, admin);
  return { workspaceId: signup.user.workspaceId, admin, operatorTokens: tokens, accountId: account.id, conversationId: conversation.id };
}
