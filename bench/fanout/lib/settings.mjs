// Knobs of the fan-out benchmark. Each can be overridden by an environment variable, so a quick run
// (e.g. BENCH_FANOUT_SOCKETS=200 BENCH_FANOUT_RATES=5,20 BENCH_FANOUT_STEP_SECONDS=3) needs no code change.
// The ingest bench's helpers read their database name from its settings object: run.mjs points it at ours.
import { join } from 'node:path';
import { ROOT } from '../../ingest/lib/settings.mjs';

const list = (value, fallback) =>
  value
    ? value
        .split(',')
        .map((v) => Math.round(Number(v.trim())))
        .filter((n) => n > 0)
    : fallback;
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);

const env = process.env;

export const fanout = {
  /** Operator sockets in total, split evenly over the two instances (and over the load-generator processes). */
  sockets: int(env.BENCH_FANOUT_SOCKETS, 2000),
  /** Operator users whose tokens the sockets use (round robin). */
  operators: int(env.BENCH_FANOUT_OPERATORS, 4),
  /** Load-generator child processes holding the sockets. */
  clientProcesses: int(env.BENCH_FANOUT_CLIENT_PROCS, 2),
  /** Concurrent handshakes per load generator while connecting. */
  connectConcurrency: int(env.BENCH_FANOUT_CONNECT_CONCURRENCY, 50),
  /** Notes per second, in order; the ramp stops at the first step that is not sustained. */
  rates: list(env.BENCH_FANOUT_RATES, [5, 20, 50, 100]),
  /** Bisection steps between the last rate held and the first missed (for "the max each sustains"). */
  refineSteps: int(env.BENCH_FANOUT_REFINE_STEPS, 3),
  /** If every ramp rate holds, keep doubling up to this (so a max is found rather than assumed). */
  maxRate: int(env.BENCH_FANOUT_MAX_RATE, 800),
  stepSeconds: int(env.BENCH_FANOUT_STEP_SECONDS, 10),
  warmupNotes: int(env.BENCH_FANOUT_WARMUP_NOTES, 20),
  /** After the last send of a step: wait for every delivery, give up after this long without progress… */
  stallSeconds: int(env.BENCH_FANOUT_STALL_SECONDS, 15),
  /** …or this long in total. */
  drainTimeoutSeconds: int(env.BENCH_FANOUT_DRAIN_TIMEOUT, 180),
  /** Sustained = deliveries/s ≥ this share of offered, nothing missing or duplicated, p99 ≤ sustainP99Ms. */
  sustainRatio: 0.95,
  sustainP99Ms: int(env.BENCH_FANOUT_SUSTAIN_P99_MS, 1000),
  /** Targets of the issue. */
  p99TargetMs: 100,
  ratioTarget: 0.7,
  /** Shared machine: wait (bounded) for processes outside the bench to use less than this % of a core. */
  quietThreshold: int(env.BENCH_QUIET_THRESHOLD, 25),
  /** A step during which other processes used more than quietThreshold is measured again, this many times at most. */
  retries: int(env.BENCH_FANOUT_RETRIES, 2),
  quietWaitSeconds: int(env.BENCH_QUIET_WAIT, 180),
  stepQuietWaitSeconds: int(env.BENCH_STEP_QUIET_WAIT, 60),
  database: 'parley_bench_fanout',
  keepDatabase: env.BENCH_KEEP_DB === '1',
  resultsFile: env.BENCH_RESULTS_FILE ?? join(ROOT, 'bench', 'results', 'fanout.md'),
};
