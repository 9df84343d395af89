// The system under test: two API instances of the built app sharing one database, one Redis and one
// QUEUE_PREFIX (so one event bus), a workspace, operator users, and one conversation to write notes on.
// The instances are the ingest bench's startApi() given one shared QUEUE_PREFIX and JWT_SECRET, so the
// ingest helpers (waitReady, stopApi, tail, summariseApiLog, removeDataDir, cleanRedis) work on them.
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { settings } from '../../ingest/lib/settings.mjs';
import { apiCall, pipeChildLog, startApi } from '../../ingest/lib/app.mjs';

export function newClusterIdentity() {
  return { queuePrefix: `benchfanout${randomBytes(4).toString('hex')}`, jwtSecret: randomBytes(32).toString('base64url') };
}

/** `node dist/apps/api/main.js serve` with the cluster's shared prefix and secret. */
export const startInstance = ({ name, port, queuePrefix, jwtSecret }) => startApi({ name, port, queuePrefix, jwtSecret });

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
  const signup = await apiCall(api, 'POST', '/api/v1/auth/signup', {
    workspaceName: `Fanout ${tag}`,
    name: 'Bench Admin',
    email: `fanout-${tag}@example.com`,
    password,
  });
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
    {
      plugin: 'twilio-sms',
      name: 'Fanout SMS',
      config: {
        accountSid: `AC${randomBytes(16).toString('hex')}`,
        authToken: randomBytes(16).toString('hex'),
        fromNumber: '+15550009999',
        apiBaseUrl: 'http://127.0.0.1:9',
      },
    },
    admin,
  );
  const conversation = await apiCall(
    api,
    'POST',
    '/api/v1/conversations',
    { channelAccountId: account.id, contact: { name: 'Fanout Contact', phone: '+15550001234' } },
    admin,
  );
  return { workspaceId: signup.user.workspaceId, admin, operatorTokens: tokens, accountId: account.id, conversationId: conversation.id };
}
