// Knobs of the conversation-list benchmark. The helpers of bench/ingest read their own `settings`
// object (database name, keep flag, results file): this module points that shared object at the list
// benchmark's database before any helper runs, so `startApi`, `recreateDatabase`, `startMonitor`…
// work on `parley_bench_list` and never on another database.
import { join } from 'node:path';
import { ROOT, settings as shared } from '../../ingest/lib/settings.mjs';

const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const env = process.env;

export const DATABASE = 'parley_bench_list';

Object.assign(shared, {
  database: DATABASE,
  keepDatabase: env.BENCH_KEEP_DB === '1',
  resultsFile: env.BENCH_RESULTS_FILE ?? join(ROOT, 'bench', 'results', 'list.md'),
});

/** Bumped whenever the seeded data changes shape: a database seeded by another version is re-seeded. */
export const SEED_VERSION = 1;

export const settings = {
  ...shared,
  /** Conversations per workspace (uneven on purpose); messages are ~5 per conversation. */
  workspaces: (env.BENCH_LIST_WORKSPACES ?? '500000,300000,200000').split(',').map((n) => Number(n.trim())),
  messagesPerConversation: 5,
  /** Operators per workspace besides its admin. */
  operators: [24, 14, 9],
  /** Rows per INSERT … SELECT chunk (one progress-bar tick each). */
  chunk: int(env.BENCH_LIST_CHUNK, 50_000),
  /** BENCH_RESEED=1 drops a seeded database and seeds again. */
  reseed: env.BENCH_RESEED === '1',
  /** Seconds per measurement (each of: HTTP latency, HTTP rate, raw latency, raw rate; first and deep page). */
  seconds: int(env.BENCH_LIST_SECONDS, 5),
  warmupSeconds: int(env.BENCH_LIST_WARMUP, 1),
  /** Concurrency of the throughput runs (latency runs use one connection: service time, no queueing). */
  connections: int(env.BENCH_LIST_CONNECTIONS, 8),
  /** Rows paged in before the deep page (or 80% of the matches when a filter has fewer). */
  deepRows: int(env.BENCH_LIST_DEEP, 10_000),
  pageSize: 50,
  /** Only these scenarios (comma-separated keys), e.g. BENCH_LIST_ONLY=qword,qphone. */
  only: env.BENCH_LIST_ONLY ? env.BENCH_LIST_ONLY.split(',').map((s) => s.trim()) : null,
  /** Password of every seeded user (a scratch database). */
  password: 'bench-list-password-1',
  quietThreshold: int(env.BENCH_QUIET_THRESHOLD, 25),
  quietWaitSeconds: int(env.BENCH_QUIET_WAIT, 120),
  stepQuietWaitSeconds: int(env.BENCH_STEP_QUIET_WAIT, 30),
  /** Targets of issue 5, point 6. */
  targets: { p99Ms: 25, httpShareOfRaw: 0.3, countsMs: 5 },
  /** PostgreSQL's server log, read to check that the API sends exactly the SQL the raw baseline runs. */
  serverLog: env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log',
};
