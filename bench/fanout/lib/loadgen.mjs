// The orchestrator's side of the load generators: forks clients.mjs processes, spreads sockets over them
// (each process gets the same number on each instance), and merges their per-step results.
import { fork } from 'node:child_process';
import { Histogram } from './histogram.mjs';

class LoadGenerator {
  constructor(index) {
    this.label = `loadgen${index + 1}`;
    // BENCH_LOADGEN_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the load generators.
    const execArgv = (process.env.BENCH_LOADGEN_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = fork(new URL('./clients.mjs', import.meta.url), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.pid = this.child.pid;
    this.pending = new Map();
    this.nextId = 0;
    this.child.on('message', ({ reqId, result, error }) => {
      const p = this.pending.get(reqId);
      if (!p) return;
      this.pending.delete(reqId);
      if (error) p.reject(new Error(`${this.label}: ${error}`));
      else p.resolve(result);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      for (const p of this.pending.values()) p.reject(new Error(`${this.label} exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  call(cmd, args = {}) {
    return new Promise((resolve, reject) => {
      const reqId = this.nextId++;
      this.pending.set(reqId, { resolve, reject });
      this.child.send({ reqId, cmd, ...args });
    });
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export function startLoadGenerators(count) {
  const gens = Array.from({ length: count }, (_, i) => new LoadGenerator(i));
  return {
    gens,
    pids: Object.fromEntries(gens.map((g) => [g.label, g.pid])),

    /** `servers`: [{name, baseUrl}] (2); socket i goes to servers[i % 2] and to generator floor(i / 2) % count. */
    async connect({ servers, sockets, tokens, concurrency }) {
      const targets = gens.map(() => []);
      for (let i = 0; i < sockets; i++) {
        const server = servers[i % servers.length];
        targets[Math.floor(i / servers.length) % gens.length].push({
          url: server.baseUrl,
          path: '/realtime',
          token: tokens[i % tokens.length],
          instance: server.name,
        });
      }
      const results = await Promise.all(gens.map((g, i) => g.call('connect', { targets: targets[i], concurrency })));
      const merged = { connected: 0, failed: 0, errors: {}, byInstance: {}, seconds: 0 };
      for (const r of results) {
        merged.connected += r.connected;
        merged.failed += r.failed;
        merged.seconds = Math.max(merged.seconds, r.seconds);
        for (const [k, v] of Object.entries(r.errors)) merged.errors[k] = (merged.errors[k] ?? 0) + v;
        for (const [k, v] of Object.entries(r.byInstance)) merged.byInstance[k] = (merged.byInstance[k] ?? 0) + v;
      }
      return merged;
    },

    reset: (capacity) => Promise.all(gens.map((g) => g.call('reset', { capacity }))),

    async progress() {
      const rs = await Promise.all(gens.map((g) => g.call('progress')));
      return { received: rs.reduce((n, r) => n + r.received, 0), sockets: rs.reduce((n, r) => n + r.sockets, 0) };
    },

    async samples() {
      const rs = await Promise.all(gens.map((g) => g.call('samples')));
      return Object.assign({}, ...rs.map((r) => r.samples));
    },

    /** `notes`: [[noteId, sentAtMs]]. Per instance and overall: histogram, deliveries, missing, duplicates… */
    async collect(notes) {
      const rs = await Promise.all(gens.map((g) => g.call('collect', { notes })));
      const byInstance = {};
      const disconnectReasons = {};
      const other = { resync: 0, error: 0, authExpired: 0 };
      const first = new Array(notes.length).fill(0);
      const last = new Array(notes.length).fill(0);
      for (const r of rs) {
        for (let j = 0; j < notes.length; j++) {
          if (r.first[j] && (!first[j] || r.first[j] < first[j])) first[j] = r.first[j];
          if (r.last[j] > last[j]) last[j] = r.last[j];
        }
        for (const [name, x] of Object.entries(r.byInstance)) {
          const m = (byInstance[name] ??= {
            hist: new Histogram(),
            sockets: 0,
            delivered: 0,
            missing: 0,
            duplicates: 0,
            firstRecv: Infinity,
            lastRecv: 0,
            outOfOrder: 0,
            disconnected: 0,
            negative: 0,
            frames: 0,
            unexpected: 0,
          });
          m.hist.add(x.hist);
          for (const k of ['sockets', 'delivered', 'missing', 'duplicates', 'outOfOrder', 'disconnected', 'negative', 'frames', 'unexpected']) m[k] += x[k];
          m.firstRecv = Math.min(m.firstRecv, x.firstRecv ?? Infinity);
          m.lastRecv = Math.max(m.lastRecv, x.lastRecv ?? 0);
        }
        for (const [k, v] of Object.entries(r.disconnectReasons)) disconnectReasons[k] = (disconnectReasons[k] ?? 0) + v;
        for (const k of Object.keys(other)) other[k] += r.other[k];
      }
      return { byInstance, disconnectReasons, other, first, last };
    },

    close: () => Promise.all(gens.map((g) => g.call('close').catch(() => undefined))),
    stop: () => Promise.all(gens.map((g) => g.stop())),
    alive: () => gens.every((g) => g.child.exitCode === null && g.child.signalCode === null),
  };
}
