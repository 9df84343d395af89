// Knobs of the ingest benchmark. Defaults match the brief; each can be overridden by an environment
// variable so a quick run (e.g. BENCH_STEP_SECONDS=3 BENCH_RATES=400,800) needs no code change.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const list = (value, fallback) =>
  value
    ? value
        .split(',')
        .map((v) => Math.round(Number(v.trim())))
        .filter((n) => n > 0)
    : fallback;
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);

const env = process.env;
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const settings = {
  /** Fixed-rate steps, req/s, in order; the ramp stops at the first step that is not sustained. */
  rates: list(env.BENCH_RATES, [400, 800, 1200, 1600, 2000, 2400, 3000]),
  stepSeconds: int(env.BENCH_STEP_SECONDS, 10),
  /** The half-rate step is the latency figure of the issue: run it longer for a steadier p99. */
  halfRateSeconds: int(env.BENCH_HALF_SECONDS, 20),
  connections: int(env.BENCH_CONNECTIONS, 64),
  /**
   * autocannon's rate limit lets every connection send its whole per-second quota back to back at the
   * start of each second. Splitting a step into this many autocannon instances started 1/N s apart
   * spreads those bursts over the second, closer to how webhook traffic arrives (see load.mjs). The
   * default, one instance per connection, is the most even; BENCH_STAGGER=1 is plain autocannon.
   */
  stagger: int(env.BENCH_STAGGER, int(env.BENCH_CONNECTIONS, 64)),
  /** Distinct senders: conversations get reused as in real traffic. */
  senders: int(env.BENCH_SENDERS, 5000),
  /** Below the ramp (a build slower than its first rate) rates are halved down to this. */
  minRate: int(env.BENCH_MIN_RATE, 10),
  /** Bisection steps between the last rate held and the first missed. */
  refineSteps: int(env.BENCH_REFINE_STEPS, 3),
  rawClients: int(env.BENCH_RAW_CLIENTS, 16),
  drainTimeoutSeconds: int(env.BENCH_DRAIN_TIMEOUT, 60),
  /**
   * The machine is shared (other people's builds and tests): before the run and before each step, wait up
   * to this long for processes outside the bench to use less than `quietThreshold` % of a core.
   */
  quietWaitSeconds: int(env.BENCH_QUIET_WAIT, 180),
  stepQuietWaitSeconds: int(env.BENCH_STEP_QUIET_WAIT, 60),
  quietThreshold: int(env.BENCH_QUIET_THRESHOLD, 25),
  sustainRatio: 0.95,
  /** The latency target of the issue: p99 at half the max sustained rate (capped at half of 1,600/s). */
  halfRateCap: 1600,
  p99TargetMs: 50,
  database: 'parley_bench',
  /** BENCH_KEEP_DB=1 leaves parley_bench in place for inspection (it is dropped by default). */
  keepDatabase: env.BENCH_KEEP_DB === '1',
  adminUrl: env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  apiMain: join(ROOT, 'dist', 'apps', 'api', 'main.js'),
  resultsFile: env.BENCH_RESULTS_FILE ?? join(ROOT, 'bench', 'results', 'ingest.md'),
};

export const databaseUrl = (name = settings.database) => {
  const url = new URL(settings.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
