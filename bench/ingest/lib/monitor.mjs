// Where the time goes during a step: CPU of the API child, of PostgreSQL, Redis and this process
// (from /proc, in % of one core), and what PostgreSQL backends of the bench database are waiting on.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { settings } from './settings.mjs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // exited
  }
}

/** Ticks of every process whose name (comm) is `name` and whose command line passes `keep`, by pid. */
function ticksByName(name, keep = () => true) {
  const byPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== name) continue;
      if (keep(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) byPid.set(entry, processTicks(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return byPid;
}

/**
 * PostgreSQL's shared processes (WAL writer, checkpointer…) and the backends of the bench database.
 * Backends of other databases (other people's tests on the same server) count as "other".
 * A backend's title reads "postgres: 15/main: <user> <database> <host>(<port>) <state>".
 */
const benchPostgres = (database) => (cmdline) => {
  const backend = /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(cmdline);
  return !backend || backend[1] === database;
};

/** Busy and iowait ticks of the whole machine (all cores), from the first line of /proc/stat. */
function machineTicks() {
  const [user, nice, system, , iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq + steal, iowait };
}

function snapshot(apiPid, database) {
  return {
    at: performance.now(),
    machine: machineTicks(),
    api: apiPid ? processTicks(apiPid) : 0,
    postgres: ticksByName('postgres', benchPostgres(database)),
    redis: ticksByName('redis-server'),
    bench: process.cpuUsage(),
  };
}

/** Sum of tick deltas; processes started during the window (new backends) count from zero. */
const groupDelta = (before, after) => [...after].reduce((sum, [pid, ticks]) => sum + ticks - (before.get(pid) ?? 0), 0);

function cpuPercent(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const pct = (ticks) => (100 * ticks) / TICKS_PER_SECOND / seconds;
  const benchMicros = after.bench.user - before.bench.user + after.bench.system - before.bench.system;
  const usage = {
    api: pct(after.api - before.api),
    postgres: pct(groupDelta(before.postgres, after.postgres)),
    redis: pct(groupDelta(before.redis, after.redis)),
    bench: (100 * benchMicros) / 1e6 / seconds,
    machine: pct(after.machine.busy - before.machine.busy),
    iowait: pct(after.machine.iowait - before.machine.iowait),
  };
  // Whatever else runs on the machine (other people's builds and tests) skews every number: show it.
  usage.other = Math.max(0, usage.machine - usage.api - usage.postgres - usage.redis - usage.bench);
  return usage;
}

const WAITS_SQL = `
  select coalesce(state, '?') as state, coalesce(wait_event_type || ':' || wait_event, '') as wait, count(*)::int as n
    from pg_stat_activity
   where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
   group by 1, 2`;

/**
 * Starts sampling; `stop()` returns CPU use over the window and the average number of backends in each
 * state/wait. "idle in transaction · Client:ClientRead" means PostgreSQL waits for the app mid-transaction.
 */
/** CPU use of the whole machine by processes that are not part of the bench, over `ms`. */
export async function otherCpu(ms = 2000, apiPid = null) {
  const monitor = startMonitor({ apiPid, pgClient: null });
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (await monitor.stop()).cpu.other;
}

/**
 * Other people's builds and tests share these cores: waits (bounded) until processes outside the bench
 * use at most `threshold`% of a core, as `sampleOther` measures it; returns the last share measured.
 * `context()` may add why the machine is busy to the log lines.
 */
export async function waitForQuietMachine({ maxSeconds, threshold, sampleOther, log, context = () => '' }) {
  const deadline = performance.now() + maxSeconds * 1000;
  for (;;) {
    const other = await sampleOther();
    if (other <= threshold) return other;
    if (performance.now() >= deadline) {
      log(`⚠ other processes still use ${Math.round(other)}% CPU after ${maxSeconds} s of waiting${context()}: measuring anyway (numbers will be pessimistic)`);
      return other;
    }
    log(`  waiting for a quiet machine: processes outside the bench use ${Math.round(other)}% CPU${context()}…`);
  }
}

export function startMonitor({ apiPid, pgClient, database = settings.database, intervalMs = 250 }) {
  const before = snapshot(apiPid, database);
  const waits = new Map();
  let samples = 0;
  let stopped = false;
  let timer;
  let inFlight = Promise.resolve();

  const poll = () => {
    if (!pgClient) return;
    inFlight = pgClient
      .query(WAITS_SQL)
      .then(({ rows }) => {
        samples++;
        for (const row of rows) {
          const key = row.wait ? `${row.state} · ${row.wait}` : row.state === 'active' ? 'active (on CPU)' : row.state;
          waits.set(key, (waits.get(key) ?? 0) + row.n);
        }
      })
      .then(
        () => {
          if (!stopped) timer = setTimeout(poll, intervalMs);
        },
        () => undefined, // connection gone: stop sampling rather than spin
      );
  };
  poll();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      const cpu = cpuPercent(before, snapshot(apiPid, database));
      const backends = [...waits].map(([state, total]) => ({ state, avg: total / Math.max(1, samples) })).sort((a, b) => b.avg - a.avg);
      return { cpu, backends };
    },
  };
}
