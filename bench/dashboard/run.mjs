#!/usr/bin/env node
// Dashboard benchmark of Parley (`npm run bench:dashboard`): the operator dashboard in Debian's Chromium
// (playwright-core) against the BUILT app on a seeded database. In one run:
//  1. the built api + admin (built first when missing or older than the sources, apps/admin-e2e/build.mjs);
//  2. the `parley_bench_dashboard` database: bench/list's generator (1M conversations over 3 workspaces,
//     ~5M messages; reused when BENCH_KEEP_DB=1 kept a complete seed), the API started on it with its own
//     QUEUE_PREFIX, the assistant of the measured workspace off (its replies would add turns and sends);
//  3. a 5,000-message thread: signed Twilio SMS webhooks from one sender, the last one marked;
//  4. measured as the admin of the largest workspace: initial JS of the conversations route (gzipped),
//     sign-in → first list page visible, opening the 5,000-message thread → its newest message painted,
//     webhook → card visible (p50/p95), and the page's JS heap (after forced GC) over N minutes of events;
//  5. a markdown report on stdout and in bench/results/dashboard.md.
// A measurement the UI cannot take yet (a screen not built) is reported as such; the others still run.
// The API, the browser, this run's Redis keys and (unless kept) the database are removed at the end, on
// failure and on Ctrl-C. Knobs: lib/settings.mjs (BENCH_DASHBOARD_* environment variables).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import twilio from 'twilio';
import { dashboard, DATABASE } from './lib/settings.mjs';

// bench/list's generator reads its workspace sizes at import: set them first, then point the shared
// helpers (database name, results file) at this benchmark's database.
process.env.BENCH_LIST_WORKSPACES = dashboard.workspaces;
const { settings: shared, databaseUrl, ROOT } = await import('../ingest/lib/settings.mjs');
const { settings: listSettings } = await import('../list/lib/settings.mjs');
// The build the e2e suite tests (PARLEY_E2E_DIST may point at another one).
const { ensureBuilt, apiMain, adminIndex, staleReason } = await import('../../apps/admin-e2e/build.mjs');
Object.assign(shared, { database: DATABASE, keepDatabase: dashboard.keepDatabase, resultsFile: dashboard.resultsFile, apiMain: apiMain() });
const app = await import('../ingest/lib/app.mjs');
const {
  cleanRedis,
  dropDatabase,
  freePort,
  postgresVersion,
  recreateDatabase,
  removeDataDir,
  runMain,
  startApi,
  stopApi,
  summariseApiLog,
  waitReady,
  writeReport,
  apiCall,
  sleep,
} = app;
const { otherCpu, waitForQuietMachine: waitForQuiet } = await import('../ingest/lib/monitor.mjs');
const { adminEmail, seedBulk, seedKey, setupThroughApi } = await import('../list/lib/seed.mjs');
const { percentile } = await import('../ingest/lib/load.mjs');
const browserLib = await import('./lib/browser.mjs');
const { renderReport } = await import('./lib/report.mjs');

const state = { api: null, browser: null, dbCreated: false, cleaning: null };
const log = (line) => console.log(`[dashboard ${new Date().toISOString().slice(11, 19)}] ${line}`);
const JWT_SECRET = 'bench-dashboard-scratch-database-jwt-secret-0123456789';
const SMS_AUTH_TOKEN = 'bench-token'; // what bench/list's setup gives its SMS accounts
const THREAD_PHONE = '+15559990000';
const THREAD_LAST = 'Bench thread: the newest message of the long thread';

function cleanup() {
  state.cleaning ??= (async () => {
    await state.browser?.close().catch(() => undefined);
    await stopApi(state.api).catch((err) => log(`could not stop the API: ${err.message}`));
    if (state.api) {
      const removed = await cleanRedis(state.api.queuePrefix).catch(() => 0);
      log(`removed ${removed} Redis keys of queue prefix ${state.api.queuePrefix}`);
      removeDataDir(state.api);
    }
    if (state.dbCreated && !dashboard.keepDatabase)
      await dropDatabase().then(
        () => log(`dropped database ${DATABASE} (BENCH_KEEP_DB=1 keeps it for the next run)`),
        (err) => log(`could not drop ${DATABASE}: ${err.message}`),
      );
    else if (state.dbCreated) log(`kept database ${DATABASE} (BENCH_KEEP_DB=1): the next run reuses it`);
  })();
  return state.cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    log(`${signal}: stopping…`);
    await cleanup();
    process.exit(130);
  });
}

const waitForQuietMachine = (maxSeconds) =>
  waitForQuiet({ maxSeconds, threshold: dashboard.quietThreshold, sampleOther: () => otherCpu(2000, state.api?.pid), log });

async function adminQuery(sql, params) {
  const admin = new pg.Client({ connectionString: shared.adminUrl });
  await admin.connect();
  try {
    return (await admin.query(sql, params)).rows;
  } finally {
    await admin.end();
  }
}

/** A query on the bench database itself. */
async function benchQuery(sql, params) {
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows;
  } finally {
    await db.end();
  }
}

async function startAndWait() {
  // The email plugin's SMTP listener: a free port, not the 2525 a developer's `npm start` holds.
  process.env.SMTP_PORT = String(await freePort());
  // One secret for every start: it also derives the key that seals the channel accounts' secrets.
  state.api = startApi({ port: await freePort(), jwtSecret: JWT_SECRET });
  log(`started API pid ${state.api.pid} on ${state.api.baseUrl} (queue prefix ${state.api.queuePrefix}); waiting for /health/ready…`);
  const started = Date.now();
  await waitReady(state.api, 60 * 60_000);
  return (Date.now() - started) / 1000;
}

async function stopCurrentApi() {
  const api = state.api;
  await stopApi(api);
  await cleanRedis(api.queuePrefix).catch(() => 0);
  removeDataDir(api);
  state.api = null;
}

/** bench/list's dataset in our database, or the one a previous run kept (BENCH_KEEP_DB=1). */
async function prepareDatabase() {
  const rows = await adminQuery(`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`, [DATABASE]);
  let record = null;
  try {
    record = rows.length ? JSON.parse(rows[0].comment ?? 'null') : null;
  } catch {
    record = null;
  }
  if (record && JSON.stringify(record.key) === JSON.stringify(seedKey()) && !dashboard.reseed) {
    state.dbCreated = true;
    log(`reusing database ${DATABASE}, seeded ${record.seededAt} (BENCH_RESEED=1 seeds again)`);
    return { ...record, reused: true };
  }
  log(`creating database ${DATABASE}…`);
  await recreateDatabase();
  state.dbCreated = true;
  const migrateSeconds = await startAndWait();
  log(`migrated in ${migrateSeconds.toFixed(1)} s; workspaces, users, channel accounts and campaigns through the API…`);
  const workspaces = await setupThroughApi(state.api, log);
  await stopCurrentApi();
  log(`seeding ${listSettings.workspaces.map((n) => n.toLocaleString('en-US')).join(' / ')} conversations (bench/list's set-based generator)…`);
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  let seed;
  try {
    seed = await seedBulk(db, workspaces, log);
  } finally {
    await db.end();
  }
  const fresh = { key: seedKey(), seededAt: new Date().toISOString(), workspaces, seed };
  await adminQuery(`comment on database "${DATABASE}" is '${JSON.stringify(fresh).replace(/'/g, "''")}'`);
  log(`seeded in ${Math.round(seed.seconds)} s`);
  return { ...fresh, reused: false };
}

/** Signed inbound SMS webhooks to one account (Twilio's own signer), fresh MessageSid each. */
function smsSender(account) {
  const tag = randomBytes(4).toString('hex');
  let n = 0;
  return async (from, body) => {
    const sid = `SM${tag}${(n++).toString(16).padStart(24, '0')}`;
    const params = { MessageSid: sid, AccountSid: account.accountSid, From: from, To: account.fromNumber, Body: body, NumMedia: '0', SmsStatus: 'received' };
    const res = await fetch(account.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(SMS_AUTH_TOKEN, account.webhookUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  };
}

/** Runs `tasks` with at most `concurrency` in flight. */
async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Runs one measurement; a failure (a screen the UI does not have yet) is recorded, not fatal. */
async function measure(label, fn) {
  log(`measuring: ${label}…`);
  try {
    const result = await fn();
    log(`  ${label}: ${JSON.stringify(result.summary ?? result)}`);
    return result;
  } catch (err) {
    const reason = String(err.message ?? err)
      .split('\n')[0]
      .slice(0, 300);
    log(`  ${label}: not measured: ${reason}`);
    return { error: reason };
  }
}

async function main() {
  const started = Date.now();
  if (!existsSync(browserLib.CHROMIUM)) throw new Error(`${browserLib.CHROMIUM} is missing: apt-get install -y chromium`);
  const build = ensureBuilt(log);
  const stillStale = staleReason();
  const builtAt = new Date(Math.min(statSync(apiMain()).mtimeMs, statSync(adminIndex()).mtimeMs));

  const data = await prepareDatabase();
  const ws = data.workspaces[0];
  // What other processes on the shared machine used (% of a core) as each measurement began.
  const busy = { start: await waitForQuietMachine(dashboard.quietWaitSeconds) };
  await startAndWait();
  const api = state.api;

  const { accessToken: token } = await apiCall(api, 'POST', '/api/v1/auth/login', { email: adminEmail(ws.letter), password: listSettings.password });
  await apiCall(api, 'PUT', '/api/v1/assistant', { enabled: false }, token);
  const accounts = await apiCall(api, 'GET', '/api/v1/channel-accounts', undefined, token);
  const smsAccount = (Array.isArray(accounts) ? accounts : accounts.items).find((a) => a.plugin === 'twilio-sms');
  const sms = smsSender({ ...smsAccount, accountSid: smsAccount.config.accountSid, fromNumber: smsAccount.config.fromNumber });
  const counts = await apiCall(api, 'GET', '/api/v1/conversations/counts', undefined, token);

  // The long thread: inbound messages from one sender, the marked one last.
  log(`building a ${dashboard.threadMessages.toLocaleString('en-US')}-message thread through signed webhooks…`);
  const threadStarted = Date.now();
  await sms(THREAD_PHONE, 'Bench thread: message 1');
  await pool(dashboard.threadMessages - 2, 8, (i) => sms(THREAD_PHONE, `Bench thread: message ${i + 2}, about the boiler in the basement and the invoice`));
  await sleep(200);
  await sms(THREAD_PHONE, THREAD_LAST);
  const threadList = await apiCall(api, 'GET', `/api/v1/conversations?q=${THREAD_PHONE.slice(-7)}`, undefined, token);
  const thread = threadList.items[0];
  const threadCount = (await benchQuery('select count(*)::int as n from message where conversation_id = $1', [thread.id]))[0].n;
  log(`  thread ${thread.id}: ${threadCount} messages in ${((Date.now() - threadStarted) / 1000).toFixed(1)} s`);
  await sleep(2000); // outbox and realtime drain

  const first = (await apiCall(api, 'GET', '/api/v1/conversations?limit=1', undefined, token)).items[0];
  const firstText = first.contact.name ?? first.contact.phone ?? first.contact.email;

  state.browser = await browserLib.launch(api.baseUrl);
  const { context } = state.browser;
  const results = { signIn: null, js: null, thread: null, card: null, memory: null };

  busy.signIn = await waitForQuietMachine(60);
  results.signIn = await measure('sign-in → first list page visible', async () => {
    const runs = [];
    for (let i = 0; i < dashboard.signInRuns; i++) {
      const page = await context.newPage();
      await page.goto('/login');
      await page.evaluate(() => localStorage.clear());
      runs.push(await browserLib.timeSignInToList(page, { email: adminEmail(ws.letter), password: listSettings.password, text: firstText }));
      await page.close();
    }
    const warm = runs.slice(1).sort((a, b) => a - b);
    return { runs, cold: runs[0], warmMedian: percentile(warm, 0.5), worst: Math.max(...runs), summary: runs };
  });

  results.js = await measure('initial JS of the conversations route', async () => {
    const top = (await apiCall(api, 'GET', '/api/v1/conversations?limit=1', undefined, token)).items[0];
    const { files, listShown } = await browserLib.initialScripts(context, { text: top.contact.name ?? top.contact.phone ?? top.contact.email });
    if (!files.length) throw new Error('no script loaded');
    const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
    // Without a list to wait for, every script counts as initial.
    const initial = listShown ? files.filter((f) => f.beforeList) : files;
    return {
      files,
      listShown,
      gzip: sum(initial, 'gzip'),
      bytes: sum(initial, 'bytes'),
      initialFiles: initial.length,
      allGzip: sum(files, 'gzip'),
      summary: { initialFiles: initial.length, gzipKb: +(sum(initial, 'gzip') / 1024).toFixed(1), allGzipKb: +(sum(files, 'gzip') / 1024).toFixed(1) },
    };
  });

  const page = await context.newPage();
  /** The conversations route with its first card shown; `optional`: go on without the list (reported). */
  const openList = async ({ optional = false } = {}) => {
    const top = (await apiCall(api, 'GET', '/api/v1/conversations?limit=1', undefined, token)).items[0];
    const topText = top.contact.name ?? top.contact.phone ?? top.contact.email;
    await page.goto('/conversations');
    try {
      await browserLib.listRegion(page).getByText(topText, { exact: true }).first().waitFor();
      return true;
    } catch {
      if (optional) return false;
      throw new Error(`no region "Conversations" showing the first card ("${topText}") on /conversations within 15 s: the list is not there`);
    }
  };

  busy.thread = await waitForQuietMachine(60);
  results.thread = await measure(`open the ${threadCount.toLocaleString('en-US')}-message thread → newest message painted`, async () => {
    const runs = [];
    for (let i = 0; i < dashboard.threadRuns; i++) {
      await openList();
      const cardText = browserLib.listRegion(page).getByText(THREAD_LAST).first();
      await cardText.waitFor().catch(() => {
        throw new Error(`the long thread's card (its preview "${THREAD_LAST}") is not in the list`);
      });
      const t0 = Date.now();
      await cardText.click();
      await browserLib
        .threadRegion(page)
        .getByText(THREAD_LAST)
        .first()
        .waitFor({ state: 'visible' })
        .catch(() => {
          throw new Error(`no region "Conversation" showing the thread's newest message within 15 s of the click`);
        });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      runs.push(Date.now() - t0);
    }
    const sorted = [...runs].sort((a, b) => a - b);
    return { runs, first: runs[0], median: percentile(sorted, 0.5), worst: sorted.at(-1), summary: runs };
  });

  busy.card = await waitForQuietMachine(60);
  results.card = await measure('webhook → card visible', async () => {
    await openList();
    await browserLib.watchMarkers(page, 'BenchCard');
    const sent = {};
    for (let i = 0; i < dashboard.cardSamples; i++) {
      const marker = `BenchCard${i}`;
      sent[marker] = Date.now();
      await sms(`+1555998${String(i).padStart(4, '0')}`, `${marker} is the boiler still under warranty?`);
      await sleep(dashboard.cardGapMs);
    }
    await sleep(3000);
    const seen = await browserLib.seenMarkers(page);
    const latencies = Object.keys(sent)
      .filter((m) => m in seen)
      .map((m) => seen[m] - sent[m])
      .sort((a, b) => a - b);
    const missing = dashboard.cardSamples - latencies.length;
    if (!latencies.length) throw new Error(`none of ${dashboard.cardSamples} webhook messages appeared in the list region within 3 s`);
    return {
      samples: dashboard.cardSamples,
      missing,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      max: latencies.at(-1),
      summary: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), missing },
    };
  });

  busy.memory = await waitForQuietMachine(60);
  results.memory = await measure(`page memory over ${dashboard.memoryMinutes} min of ${dashboard.memoryRate} events/s`, async () => {
    const listShown = await openList({ optional: true });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const samples = [await browserLib.heapSample(cdp)];
    const durationMs = dashboard.memoryMinutes * 60_000;
    const startedAt = Date.now();
    const regulars = Array.from({ length: 50 }, (_, i) => `+1555997${String(i).padStart(4, '0')}`);
    let sentCount = 0;
    let failed = 0;
    let fresh = 0;
    let nextSample = startedAt + dashboard.memorySampleSeconds * 1000;
    const inFlight = new Set();
    while (Date.now() - startedAt < durationMs) {
      const due = startedAt + (sentCount * 1000) / dashboard.memoryRate;
      if (Date.now() < due) await sleep(due - Date.now());
      const from = Math.random() < dashboard.memoryNewShare ? `+1555996${String(fresh++).padStart(4, '0')}` : regulars[sentCount % regulars.length];
      const p = sms(from, `Memory run event ${sentCount}: can you confirm the visit window?`)
        .catch(() => failed++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      sentCount++;
      if (Date.now() >= nextSample) {
        samples.push(await browserLib.heapSample(cdp));
        nextSample += dashboard.memorySampleSeconds * 1000;
      }
    }
    await Promise.all(inFlight);
    await sleep(2000);
    samples.push(await browserLib.heapSample(cdp));
    // The baseline is the first sample after a warm-up (10% of the run, at least one sample interval):
    // caches fill and the list reaches its size in the first seconds.
    const warmupMs = Math.max(dashboard.memorySampleSeconds * 1000, durationMs * 0.1);
    const baseline = samples.find((s) => s.at - startedAt >= warmupMs) ?? samples[1] ?? samples[0];
    const after = samples.filter((s) => s.at >= baseline.at);
    const end = samples.at(-1);
    const drift = (100 * (end.used - baseline.used)) / baseline.used;
    const spread = Math.max(...after.map((s) => Math.abs((100 * (s.used - baseline.used)) / baseline.used)));
    return {
      listShown,
      events: sentCount,
      failed,
      newConversations: fresh,
      samples,
      start: samples[0],
      baseline,
      end,
      drift,
      spread,
      summary: { events: sentCount, baselineMb: +(baseline.used / 1048576).toFixed(1), endMb: +(end.used / 1048576).toFixed(1), drift: +drift.toFixed(1) },
    };
  });

  const report = renderReport({
    date: new Date().toISOString(),
    machine: `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, PostgreSQL ${await postgresVersion()}, Chromium ${state.browser.version}`,
    build: { ...build, builtAt, stale: stillStale, apiMain: relative(ROOT, apiMain()) || apiMain() },
    data,
    ws,
    counts,
    thread: { id: thread.id, messages: threadCount },
    settings: dashboard,
    results,
    browserErrors: state.browser.errors,
    busy,
    apiLog: null,
    seconds: (Date.now() - started) / 1000,
  });
  await state.browser.close();
  state.browser = null;
  await stopApi(api);
  const apiLog = summariseApiLog(api.logFile);
  writeReport(dashboard.resultsFile, report.replace('@@APILOG@@', renderApiLog(apiLog)), log);
  // `npm test` checks the format of every file in the repository, bench/results included.
  spawnSync('npx', ['prettier', '--write', '--log-level=warn', dashboard.resultsFile], { cwd: ROOT, stdio: 'inherit' });
}

function renderApiLog(entries) {
  return app.apiLogLines(entries).join('\n');
}

runMain(main, cleanup);
