// CPU per process of the bench, built on the ingest bench's monitor: one startMonitor() per pid of
// interest (its `api` slot measures that pid), the first one also measuring PostgreSQL (this database's
// backends + shared processes), Redis, this process and the whole machine.
import { readFileSync, readdirSync } from 'node:fs';
import { startMonitor } from '../../ingest/lib/monitor.mjs';

/** `pids`: {label: pid}. stop() → {cpu: {<label>…, postgres, redis, sender, machine, other}, backends}. */
export function startUsage({ pids, pgClient = null, database }) {
  const base = startMonitor({ apiPid: null, pgClient, database });
  const perPid = Object.entries(pids).map(([label, pid]) => [label, startMonitor({ apiPid: pid, pgClient: null, database })]);
  return {
    async stop() {
      const { cpu: b, backends } = await base.stop();
      const cpu = { postgres: b.postgres, redis: b.redis, sender: b.bench, machine: b.machine, iowait: b.iowait };
      let ours = b.postgres + b.redis + b.bench;
      for (const [label, monitor] of perPid) {
        cpu[label] = (await monitor.stop()).cpu.api;
        ours += cpu[label];
      }
      cpu.other = Math.max(0, b.machine - ours);
      return { cpu, backends };
    },
  };
}

/** Command lines of other benchmarks running now (bench/list and friends), for the report. */
export function otherBenchmarks() {
  const found = new Set();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const m = /bench\/(?!fanout)(\w+)/.exec(cmd);
      if (m) found.add(`bench/${m[1]}`);
    } catch {
      // gone
    }
  }
  return [...found];
}
