// Knobs of the dashboard benchmark (BENCH_DASHBOARD_* environment variables). The dataset is bench/list's
// generator (1M conversations by default, over 3 workspaces); its helpers read bench/ingest's shared
// `settings` object, which run.mjs points at this benchmark's own database before any helper runs.
import { join } from 'node:path';
import { ROOT } from '../../ingest/lib/settings.mjs';

const env = process.env;
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const num = (value, fallback) => (value && Number.isFinite(Number(value)) && Number(value) > 0 ? Number(value) : fallback);

export const DATABASE = 'parley_bench_dashboard';

export const dashboard = {
  database: DATABASE,
  /** Conversations per workspace, passed to bench/list's generator (BENCH_LIST_WORKSPACES). */
  workspaces: env.BENCH_DASHBOARD_WORKSPACES ?? env.BENCH_LIST_WORKSPACES ?? '500000,300000,200000',
  /** BENCH_KEEP_DB=1 keeps the seeded database for the next run (which reuses it); dropped otherwise. */
  keepDatabase: env.BENCH_KEEP_DB === '1',
  reseed: env.BENCH_RESEED === '1',
  /** Sign-ins measured (the first one cold: nothing cached). */
  signInRuns: int(env.BENCH_DASHBOARD_SIGNIN_RUNS, 5),
  /** Messages in the long thread, and how often it is opened. */
  threadMessages: int(env.BENCH_DASHBOARD_THREAD_MESSAGES, 5000),
  threadRuns: int(env.BENCH_DASHBOARD_THREAD_RUNS, 5),
  /** Webhooks whose card is timed, one every `cardGapMs`. */
  cardSamples: int(env.BENCH_DASHBOARD_CARD_SAMPLES, 40),
  cardGapMs: int(env.BENCH_DASHBOARD_CARD_GAP_MS, 400),
  /** The memory run: minutes of events at `memoryRate` per second, the heap sampled every `memorySampleSeconds`. */
  memoryMinutes: num(env.BENCH_DASHBOARD_MEMORY_MINUTES, 10),
  memoryRate: num(env.BENCH_DASHBOARD_MEMORY_RATE, 5),
  memorySampleSeconds: int(env.BENCH_DASHBOARD_MEMORY_SAMPLE_SECONDS, 30),
  /** Share of the memory run's events from new senders (new conversations); the rest update existing ones. */
  memoryNewShare: 0.2,
  /** Targets of issue 14, point 15. */
  targets: { initialJsKb: 250, signInMs: 1500, threadMs: 500, cardP95Ms: 300, memoryDriftPct: 10 },
  quietThreshold: int(env.BENCH_QUIET_THRESHOLD, 25),
  quietWaitSeconds: int(env.BENCH_QUIET_WAIT, 120),
  resultsFile: env.BENCH_RESULTS_FILE ?? join(ROOT, 'bench', 'results', 'dashboard.md'),
};
