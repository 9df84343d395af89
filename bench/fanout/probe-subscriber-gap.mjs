#!/usr/bin/env node
// Fault injection, not part of `npm run bench:fanout`: `node bench/fanout/probe-subscriber-gap.mjs`.
// Two API instances (own database parley_bench_fanout and queue prefix, dropped/removed at the end), one
// socket on each. While notes are posted through A at ~100/s for 2 s, instance B's Redis pub/sub
// connection is killed (CLIENT KILL) each time it is back. Prints, per socket, which note.created frames
// never arrived although the socket stayed connected, and the stream length (every event is in the stream).
import { execFileSync } from 'node:child_process';
import { io } from 'socket.io-client';
import { Redis } from 'ioredis';
const { settings } = await import('../ingest/lib/settings.mjs');
settings.database = 'parley_bench_fanout';
const app = await import('../ingest/lib/app.mjs');
const { newClusterIdentity, setupWorkspace, startInstance } = await import('./lib/cluster.mjs');

const apis = [];
const identity = newClusterIdentity();
const redis = new Redis(settings.redisUrl);
try {
  await app.recreateDatabase();
  for (const name of ['A', 'B']) {
    const api = startInstance({ name, port: await app.freePort(), ...identity });
    apis.push(api);
    await app.waitReady(api);
  }
  const setup = await setupWorkspace(apis[0].baseUrl, 1);
  const clients = apis.map((api) => {
    const socket = io(api.baseUrl, {
      path: '/realtime',
      auth: { token: setup.operatorTokens[0] },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const c = { name: api.name, socket, notes: new Set(), frames: 0, disconnects: [] };
    socket.on('event', (e) => {
      if (e.type !== 'note.created') return;
      c.frames++;
      c.notes.add(e.data.id);
    });
    socket.on('disconnect', (r) => c.disconnects.push(r));
    c.ready = new Promise((r) => socket.once('ready', r));
    return c;
  });
  await Promise.all(clients.map((c) => c.ready));

  // B's Redis pub/sub connection: a local port of B's pid that Redis lists as subscribed.
  const subscriberOfB = async () => {
    const ss = execFileSync('ss', ['-tnpH', 'dst', '127.0.0.1:6379']).toString();
    const ports = new Set([...ss.matchAll(/127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:6379.*pid=(\d+)/g)].filter((m) => Number(m[2]) === apis[1].pid).map((m) => m[1]));
    return (await redis.client('LIST'))
      .split('\n')
      .filter((l) => ports.has(/addr=127\.0\.0\.1:(\d+)/.exec(l)?.[1]) && / sub=[1-9]/.test(l))
      .map((l) => /id=(\d+)/.exec(l)[1]);
  };
  const ids = [];
  const post = async (i) => {
    const res = await fetch(`${apis[0].baseUrl}/api/v1/conversations/${setup.conversationId}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.admin}` },
      body: JSON.stringify({ body: `probe ${i}` }),
    });
    ids[i] = (await res.json()).id;
  };
  let n = 0;
  for (let i = 0; i < 10; i++) await post(n++);
  // For 2 s: kill B's subscriber whenever it is back (ioredis reconnects ~50 ms later), while notes go out at ~100/s.
  let kills = 0;
  const until = Date.now() + 2000;
  const killer = (async () => {
    while (Date.now() < until) {
      for (const id of await subscriberOfB()) {
        await redis.client('KILL', 'ID', id);
        kills++;
      }
      await app.sleep(5);
    }
  })();
  const firstDuring = n;
  const posts = [];
  while (Date.now() < until) {
    posts.push(post(n++));
    await app.sleep(10);
  }
  await Promise.all([killer, ...posts]);
  console.log(`killed B's subscriber ${kills} times while posting notes #${firstDuring}..#${n - 1}`);
  for (let i = 0; i < 10; i++) await post(n++);
  await app.sleep(2000);
  for (const c of clients) {
    const missing = ids.filter((id) => !c.notes.has(id)).map((id) => ids.indexOf(id));
    console.log(
      `${c.name}: received ${c.notes.size}/${ids.length} note.created (${c.frames - c.notes.size} duplicate frames); missing note #${missing.join(', #') || ' none'}; disconnects ${JSON.stringify(c.disconnects)}, socket connected: ${c.socket.connected}`,
    );
  }
  const xlen = await redis.xlen(`${identity.queuePrefix}:events:${setup.workspaceId}`);
  console.log(`stream entries: ${xlen}`);
  for (const c of clients) c.socket.disconnect();
} finally {
  for (const api of apis) await app.stopApi(api);
  for (const api of apis) console.log(api.name, 'log:', JSON.stringify(app.summariseApiLog(api.logFile)));
  for (const api of apis) app.removeDataDir(api);
  await app.dropDatabase();
  console.log('removed keys', await app.cleanRedis(identity.queuePrefix));
  redis.disconnect();
}
