#!/usr/bin/env node
// Realtime fan-out benchmark of Parley (`npm run bench:fanout`). In one run:
//  1. a fresh `parley_bench_fanout` database, two API instances of the BUILT app (same database, Redis and
//     QUEUE_PREFIX), a workspace, operator users, a twilio-sms account and one conversation;
//  2. 2,000 operator sockets (socket.io-client, websocket only) split evenly over the two instances, held by
//     load-generator child processes; every socket waits for `ready`;
//  3. notes posted through the API at fixed rates (steps); for every `note.created` frame on every socket,
//     the latency from the HTTP request's send to the frame's arrival; deliveries/s, missing and duplicate
//     deliveries, per instance; CPU per process;
//  4. the same with two bare socket.io servers fed by Redis pub/sub (the reference), same clients, frames
//     and rates;
//  5. a markdown report on stdout and in bench/results/fanout.md.
// Child processes, this run's Redis keys and the database are removed at the end, on failure and on Ctrl-C.
// Linux only (CPU shares come from /proc). Knobs: lib/settings.mjs (BENCH_FANOUT_* environment variables).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Redis } from 'ioredis';
import { settings as ingestSettings, databaseUrl } from '../ingest/lib/settings.mjs';
import { fanout } from './lib/settings.mjs';

// The ingest helpers (database, monitor) read the database name from the ingest settings object: ours.
ingestSettings.database = fanout.database;
// BENCH_FANOUT_API_MAIN measures another build of the API (e.g. an experimental branch built elsewhere).
if (process.env.BENCH_FANOUT_API_MAIN) ingestSettings.apiMain = process.env.BENCH_FANOUT_API_MAIN;

const {
  buildFreshness,
  cleanRedis,
  dropDatabase,
  freePort,
  postgresVersion,
  recreateDatabase,
  removeDataDir,
  runMain,
  sleep,
  stopApi,
  summariseApiLog,
  tail,
  waitReady,
  writeReport,
} = await import('../ingest/lib/app.mjs');
const { waitForQuietMachine: waitForQuiet } = await import('../ingest/lib/monitor.mjs');
const { newClusterIdentity, setupWorkspace, startBareServer, startInstance } = await import('./lib/cluster.mjs');
const { startLoadGenerators } = await import('./lib/loadgen.mjs');
const { Histogram } = await import('./lib/histogram.mjs');
const { publishFrames, sendNotes } = await import('./lib/senders.mjs');
const { percentile } = await import('../ingest/lib/load.mjs');
const { otherBenchmarks, startUsage } = await import('./lib/usage.mjs');
const { renderReport } = await import('./lib/report.mjs');

const state = { apis: [], bare: [], loadgens: null, db: null, redis: null, dbCreated: false, identity: null, cleaning: null };
const log = (line) => console.log(`[fanout ${new Date().toISOString().slice(11, 19)}] ${line}`);
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');

/** Idempotent: safe from the normal end, a failure and a signal alike. */
function cleanup() {
  state.cleaning ??= (async () => {
    await state.loadgens?.stop().catch(() => undefined);
    state.redis?.disconnect();
    await state.db?.end().catch(() => undefined);
    for (const server of [...state.bare, ...state.apis]) await stopApi(server).catch((err) => log(`could not stop ${server.name}: ${err.message}`));
    if (state.dbCreated && fanout.keepDatabase) log(`kept database ${fanout.database} (BENCH_KEEP_DB=1)`);
    else if (state.dbCreated)
      await dropDatabase().then(
        () => log(`dropped database ${fanout.database}`),
        (err) => log(`could not drop ${fanout.database}: ${err.message}`),
      );
    if (state.identity) {
      const removed = await cleanRedis(state.identity.queuePrefix).catch(() => 0);
      log(`removed ${removed} Redis keys of queue prefix ${state.identity.queuePrefix}`);
    }
    for (const server of [...state.bare, ...state.apis]) removeDataDir(server);
  })();
  return state.cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    log(`${signal}: stopping the load generators and servers, dropping the database…`);
    await cleanup();
    process.exit(130);
  });
}

function assertAlive(servers) {
  for (const s of servers) {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      throw new Error(`${s.name} exited (${s.child.exitCode ?? s.child.signalCode}) during the load:\n${tail(s)}`);
  }
  if (!state.loadgens.alive()) throw new Error('a load-generator process exited during the load');
}

function ourPids(servers) {
  return { ...Object.fromEntries(servers.map((s) => [s.name, s.pid])), ...state.loadgens.pids };
}

/** Other people's builds, tests and benchmarks share these cores: wait (bounded) until they calm down. */
const waitForQuietMachine = (servers, maxSeconds) =>
  waitForQuiet({
    maxSeconds,
    threshold: fanout.quietThreshold,
    log,
    sampleOther: async () => {
      const usage = startUsage({ pids: ourPids(servers), database: fanout.database });
      await sleep(2000);
      return (await usage.stop()).cpu.other;
    },
    context: () => {
      const benches = otherBenchmarks();
      return benches.length ? ` (${benches.join(', ')} running)` : '';
    },
  });

/** Transactions committed in the bench database so far (pg_stat_database; flushed by backends about once a second). */
async function commits() {
  const { rows } = await state.db.query('select xact_commit::float8 as n from pg_stat_database where datname = current_database()');
  return rows[0].n;
}

/** What the servers cost with every socket connected and no event at all (re-measured if the machine was busy). */
async function measureIdle(system, seconds = 10, attempt = 0) {
  await waitForQuietMachine(system.servers, fanout.stepQuietWaitSeconds);
  const usage = startUsage({ pids: ourPids(system.servers), pgClient: system.pg ? state.db : null, database: fanout.database });
  const before = system.pg ? await commits() : null;
  const started = performance.now();
  // What the bench database's backends are busy with while nothing happens (sampled every 50 ms).
  const statements = new Map();
  let samples = 0;
  while (performance.now() - started < seconds * 1000) {
    if (system.pg) {
      const { rows } = await state.db.query(
        `select query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
      );
      samples++;
      for (const { query } of rows) {
        const key = query.replace(/\s+/g, ' ').trim().slice(0, 120);
        statements.set(key, (statements.get(key) ?? 0) + 1);
      }
    }
    await sleep(50);
  }
  const { cpu } = await usage.stop();
  const commitsPerSec = system.pg ? ((await commits()) - before) / ((performance.now() - started) / 1000) : NaN;
  const busyStatements = [...statements]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([query, n]) => ({ query, share: n / Math.max(1, samples) }));
  const line = Object.entries(cpu)
    .filter(([k]) => !['machine', 'iowait', 'sender'].includes(k))
    .map(([k, v]) => `${k} ${Math.round(v)}%`)
    .join(' ');
  log(`  idle ${seconds} s (sockets connected, no events): ${line}${system.pg ? `; ${int(commitsPerSec)} commits/s in ${fanout.database}` : ''}`);
  if (busyStatements.length)
    log(`  busiest statement while idle: "${busyStatements[0].query}" (seen in ${Math.round(100 * busyStatements[0].share)}% of samples)`);
  if (cpu.other > fanout.quietThreshold && attempt < fanout.retries) return measureIdle(system, seconds, attempt + 1);
  return { seconds, cpu, commitsPerSec, busyStatements };
}

/** Until every socket has every note (or no progress for stallSeconds, or the drain timeout). */
async function waitDeliveries(expected) {
  const started = performance.now();
  let last = -1;
  let lastChange = started;
  for (;;) {
    const { received } = await state.loadgens.progress();
    const t = performance.now();
    if (received >= expected) {
      await sleep(500); // duplicates, if any, arrive right behind
      return { complete: true, seconds: (t - started) / 1000, received };
    }
    if (received !== last) {
      last = received;
      lastChange = t;
    }
    if (t - lastChange > fanout.stallSeconds * 1000 || t - started > fanout.drainTimeoutSeconds * 1000)
      return { complete: false, seconds: (t - started) / 1000, received };
    await sleep(200);
  }
}

function summarise(group, { rate, seconds, sockets, firstSent }) {
  const hist = group.hist;
  const window = Math.max(seconds, (group.lastRecv - firstSent) / 1000);
  return {
    sockets,
    delivered: group.delivered,
    missing: group.missing,
    duplicates: group.duplicates,
    outOfOrder: group.outOfOrder,
    negative: group.negative,
    unexpected: group.unexpected,
    disconnected: group.disconnected,
    p50: hist.percentile(0.5),
    p99: hist.percentile(0.99),
    max: hist.max,
    mean: hist.mean,
    deliveriesPerSec: group.delivered / window,
    framesPerSec: group.frames / window,
    offeredPerSec: rate * sockets,
  };
}

const isSustained = (s) =>
  s.send.errors === 0 &&
  s.send.ok === s.send.count &&
  s.overall.deliveriesPerSec >= fanout.sustainRatio * s.overall.offeredPerSec &&
  s.overall.missing === 0 &&
  s.overall.duplicates === 0 &&
  s.overall.disconnected === 0 &&
  s.overall.p99 <= fanout.sustainP99Ms;

/** One step: paced events, wait for every delivery, CPU over send + drain, then the per-socket accounting. */
async function measuredStep(system, label, rate, seconds = fanout.stepSeconds) {
  assertAlive(system.servers);
  await waitForQuietMachine(system.servers, fanout.stepQuietWaitSeconds);
  await state.loadgens.reset(Math.round(rate * seconds * 1.1) + 64);
  const othersBefore = otherBenchmarks();
  log(
    `▶ ${system.label} ${label}: ${rate} notes/s for ${seconds} s to ${int(system.sockets)} sockets (offered ${int(rate * system.sockets)} note.created deliveries/s)…`,
  );
  const usage = startUsage({ pids: ourPids(system.servers), pgClient: system.pg ? state.db : null, database: fanout.database });
  const commitsBefore = system.pg ? await commits() : null;
  const stepStart = performance.now();
  const send = await system.send(rate, seconds);
  const drain = await waitDeliveries(send.ok * system.sockets);
  const { cpu, backends } = await usage.stop();
  const commitsPerSec = system.pg ? ((await commits()) - commitsBefore) / ((performance.now() - stepStart) / 1000) : NaN;
  assertAlive(system.servers);
  const collected = await state.loadgens.collect(send.notes.map((n) => [n.id, n.sentAt]));
  const firstSent = Math.min(...send.notes.map((n) => n.sentAt));
  const all = {
    hist: new Histogram(),
    delivered: 0,
    missing: 0,
    duplicates: 0,
    outOfOrder: 0,
    negative: 0,
    unexpected: 0,
    disconnected: 0,
    frames: 0,
    sockets: 0,
    lastRecv: 0,
  };
  const byInstance = {};
  for (const [name, g] of Object.entries(collected.byInstance)) {
    byInstance[name] = summarise(g, { rate, seconds, sockets: g.sockets, firstSent });
    all.hist.add(g.hist.toJSON());
    for (const k of ['delivered', 'missing', 'duplicates', 'outOfOrder', 'negative', 'unexpected', 'disconnected', 'frames', 'sockets']) all[k] += g[k];
    all.lastRecv = Math.max(all.lastRecv, g.lastRecv);
  }
  // Per note: the first socket's latency (the pipeline up to the first write) and first → last socket (the fan-out spread).
  const heads = [];
  const spreads = [];
  send.notes.forEach((n, j) => {
    if (!collected.first[j]) return;
    heads.push(collected.first[j] - n.sentAt);
    spreads.push(collected.last[j] - collected.first[j]);
  });
  heads.sort((x, y) => x - y);
  spreads.sort((x, y) => x - y);
  const perNote = {
    headP50: percentile(heads, 0.5),
    headP99: percentile(heads, 0.99),
    spreadP50: percentile(spreads, 0.5),
    spreadP99: percentile(spreads, 0.99),
  };
  const others = [...new Set([...othersBefore, ...otherBenchmarks()])];
  const step = {
    system: system.key,
    label,
    rate,
    seconds,
    send,
    drain,
    cpu,
    commitsPerSec,
    backends,
    byInstance,
    overall: summarise(all, { rate, seconds, sockets: all.sockets, firstSent }),
    perNote,
    disconnectReasons: collected.disconnectReasons,
    otherFrames: collected.other,
    others,
  };
  step.sustained = isSustained(step);
  const o = step.overall;
  const cpuLine = Object.entries(cpu)
    .filter(([k]) => !['machine', 'iowait'].includes(k))
    .map(([k, v]) => `${k} ${Math.round(v)}%`)
    .join(' ');
  log(
    `  notes ${send.ok}/${send.count} (${send.achieved.toFixed(1)}/s${Number.isFinite(send.httpP99) ? `, HTTP p99 ${ms(send.httpP99)} ms` : ''}); ` +
      `deliveries ${int(o.deliveriesPerSec)}/s of ${int(o.offeredPerSec)} offered, p50 ${ms(o.p50)} ms, p99 ${ms(o.p99)} ms, max ${ms(o.max)} ms; ` +
      `first socket p50 ${ms(perNote.headP50)} ms, first→last socket p50 ${ms(perNote.spreadP50)} ms; ` +
      `missing ${int(o.missing)}, dup ${int(o.duplicates)}, disconnected ${o.disconnected}, out-of-order ${o.outOfOrder}; ${drain.complete ? `all in ${drain.seconds.toFixed(1)} s after the last send` : `INCOMPLETE after ${drain.seconds.toFixed(0)} s`}` +
      ` — ${step.sustained ? 'sustained' : 'NOT sustained'}`,
  );
  log(`  CPU (% of one core): ${cpuLine}${others.length ? ` — ⚠ ${others.join(', ')} running` : ''}`);
  return step;
}

/**
 * The machine is shared (other people's tests and benchmarks start at any time): a step during which
 * processes outside the bench used more than the quiet threshold is measured again, up to `retries` times.
 */
async function quietStep(system, label, rate, seconds = fanout.stepSeconds) {
  let step;
  for (let attempt = 0; attempt <= fanout.retries; attempt++) {
    step = await measuredStep(system, label, rate, seconds);
    step.attempts = attempt + 1;
    if (step.cpu.other <= fanout.quietThreshold) break;
    if (attempt < fanout.retries) log(`  ↻ processes outside the bench used ${Math.round(step.cpu.other)}% CPU during that step: measuring it again`);
  }
  return step;
}

/** The ramp, then bisection between the last rate held and the first missed (as bench:ingest does). */
async function runRamp(system) {
  const steps = [];
  const fixed = async (label, rate) => {
    const step = await quietStep(system, label, rate);
    steps.push(step);
    return step;
  };
  let held = 0;
  let missed = Infinity;
  for (const [i, rate] of fanout.rates.entries()) {
    if (!(await fixed(`ramp ${i + 1}`, rate)).sustained) {
      missed = rate;
      break;
    }
    held = rate;
  }
  // Every ramp rate held: double until one does not (or the cap), so the max is measured, not assumed.
  for (let rate = held * 2; Number.isFinite(missed) === false && held && rate <= fanout.maxRate; rate *= 2) {
    if ((await fixed('beyond ramp', rate)).sustained) held = rate;
    else missed = rate;
  }
  while (!held && missed > 1) {
    const rate = Math.floor(missed / 2);
    if ((await fixed('below ramp', rate)).sustained) held = rate;
    else missed = rate;
  }
  for (let i = 0; i < fanout.refineSteps && held && Number.isFinite(missed); i++) {
    const rate = Math.round((held + missed) / 2);
    if (rate <= held || rate >= missed) break;
    if ((await fixed('refine', rate)).sustained) held = rate;
    else missed = rate;
  }
  const best = steps.filter((s) => s.sustained && s.rate === held)[0];
  return { steps, maxSustained: held, firstMissed: missed, best };
}

async function connectSockets(servers, tokens) {
  log(`connecting ${int(fanout.sockets)} sockets (${fanout.clientProcesses} load-generator processes, ${servers.map((s) => s.name).join(' + ')})…`);
  const usage = startUsage({ pids: ourPids(servers), database: fanout.database });
  const r = await state.loadgens.connect({ servers, sockets: fanout.sockets, tokens, concurrency: fanout.connectConcurrency });
  const { cpu } = await usage.stop();
  log(
    `  ${int(r.connected)} ready (${Object.entries(r.byInstance)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}) in ${r.seconds.toFixed(1)} s, ${r.failed} failed${r.failed ? `: ${JSON.stringify(r.errors)}` : ''}`,
  );
  if (!r.connected) throw new Error(`no socket connected: ${JSON.stringify(r.errors)}`);
  return { ...r, cpu };
}

/** After the Parley steps: every acknowledged note stored, outbox drained, one stream entry per event. */
async function verifyParley(setup, notesSent) {
  const { rows } = await state.db.query(
    `select (select count(*)::int from note where conversation_id = $1) as notes,
            (select count(*)::int from outbox where dispatched_at is null) as pending,
            (select count(*)::int from outbox where queue = 'events') as events`,
    [setup.conversationId],
  );
  const streamLength = await state.redis.xlen(`${state.identity.queuePrefix}:events:${setup.workspaceId}`);
  return { notesStored: rows[0].notes, notesSent, outboxPending: rows[0].pending, outboxEvents: rows[0].events, streamLength };
}

async function main() {
  const startedAt = performance.now();
  const date = new Date();
  const pgVersion = await postgresVersion();
  const redisInfo = { version: '?' };
  state.redis = new Redis(ingestSettings.redisUrl, { maxRetriesPerRequest: 1 });
  redisInfo.version = /redis_version:(\S+)/.exec(await state.redis.info('server'))?.[1] ?? '?';
  log(`Parley fan-out benchmark — PostgreSQL ${pgVersion}, Redis ${redisInfo.version}, Node ${process.version}`);

  const build = buildFreshness();
  if (build.stale) {
    log(
      `⚠ dist/apps/api/main.js (built ${build.builtAt.toISOString()}) is older than ${build.newestFile} (${build.newestSource.toISOString()}): measuring the old build.`,
    );
    log('  Rebuild with: NX_NO_CLOUD=true NX_DAEMON=false npx nx build api --outputStyle=static');
  }

  state.loadgens = startLoadGenerators(fanout.clientProcesses);
  log('checking that the machine is quiet (the numbers assume the cores are ours)…');
  await waitForQuietMachine([], fanout.quietWaitSeconds);

  log(`creating database ${fanout.database}…`);
  await recreateDatabase();
  state.dbCreated = true;

  // ── Parley: two instances, one bus ─────────────────────────────────────────────────────────────
  state.identity = newClusterIdentity();
  for (const name of ['A', 'B']) {
    const api = startInstance({ name: `api${name}`, port: await freePort(), ...state.identity });
    state.apis.push(api);
    log(`started API ${api.name} pid ${api.pid} on ${api.baseUrl} (queue prefix ${api.queuePrefix}); waiting for /health/ready…`);
    await waitReady(api); // one at a time: the first one runs the migrations
  }
  const setup = await setupWorkspace(state.apis[0].baseUrl, fanout.operators);
  log(`workspace ${setup.workspaceId}: ${setup.operatorTokens.length} operators, twilio-sms account ${setup.accountId}, conversation ${setup.conversationId}`);
  state.db = new pg.Client({ connectionString: databaseUrl() });
  await state.db.connect();

  const parleyConnect = await connectSockets(state.apis, setup.operatorTokens);
  let seq = 0;
  const parley = {
    key: 'parley',
    label: 'Parley',
    servers: state.apis,
    sockets: parleyConnect.connected,
    pg: true,
    send: async (rate, seconds) => {
      const r = await sendNotes({ servers: state.apis, conversationId: setup.conversationId, token: setup.admin, rate, seconds, seqStart: seq });
      seq += r.count;
      return r;
    },
  };
  let notesSent = 0;
  const countNotes = (steps) => steps.reduce((n, s) => n + s.send.ok, 0);
  const parleyIdle = await measureIdle(parley);
  const parleyWarmup = await measuredStep(parley, 'warm-up', 2, Math.ceil(fanout.warmupNotes / 2));
  const samples = await state.loadgens.samples();
  if (!samples['note.created'] || !samples['timeline.created'])
    throw new Error(`no note.created/timeline.created frame seen during the warm-up: ${Object.keys(samples).join(', ')}`);
  log(`  frames: note.created ${samples['note.created'].length} bytes of JSON, timeline.created ${samples['timeline.created'].length} bytes`);
  const parleyRamp = await runRamp(parley);
  notesSent = countNotes([parleyWarmup, ...parleyRamp.steps]);
  const verification = await verifyParley(setup, notesSent);
  log(
    `  notes stored ${verification.notesStored} / acknowledged ${notesSent}; outbox pending ${verification.outboxPending}; event rows ${verification.outboxEvents}, stream entries ${verification.streamLength}`,
  );

  log('closing the Parley sockets and stopping both API instances…');
  await state.loadgens.close();
  await sleep(1000);
  for (const api of state.apis) await stopApi(api);
  const apiLogs = Object.fromEntries(state.apis.map((a) => [a.name, summariseApiLog(a.logFile)]));

  // ── Bare socket.io reference: two servers sharing only a Redis pub/sub channel ────────────────
  const channel = `${state.identity.queuePrefix}:bare`;
  for (const name of ['A', 'B']) {
    const server = startBareServer({ name: `bare${name}`, port: await freePort(), channel });
    state.bare.push(server);
    await server.listening;
    log(`started bare socket.io server ${server.name} pid ${server.pid} on ${server.baseUrl}`);
  }
  const bareConnect = await connectSockets(state.bare, ['unused']);
  const templates = { timeline: JSON.parse(samples['timeline.created']), note: JSON.parse(samples['note.created']) };
  const bare = {
    key: 'bare',
    label: 'bare socket.io',
    servers: state.bare,
    sockets: bareConnect.connected,
    pg: false,
    send: async (rate, seconds) => {
      const r = await publishFrames({ redis: state.redis, channel, templates, rate, seconds, seqStart: seq });
      seq += r.count;
      return r;
    },
  };
  const bareIdle = await measureIdle(bare);
  const bareWarmup = await measuredStep(bare, 'warm-up', 2, Math.ceil(fanout.warmupNotes / 2));
  const bareRamp = await runRamp(bare);
  await state.loadgens.close();

  const report = renderReport({
    date,
    pgVersion,
    redisVersion: redisInfo.version,
    build,
    apiMain: ingestSettings.apiMain,
    fanout,
    runSeconds: (performance.now() - startedAt) / 1000,
    samples,
    parley: { connect: parleyConnect, idle: parleyIdle, warmup: parleyWarmup, ...parleyRamp, verification, apiLogs },
    bare: { connect: bareConnect, idle: bareIdle, warmup: bareWarmup, ...bareRamp },
  });
  writeReport(fanout.resultsFile, report, log);
}

runMain(main, cleanup);
