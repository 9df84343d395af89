// The two ways a scenario is measured, for the same duration and concurrency:
// - HTTP: autocannon on `GET /api/v1/conversations?…` (or `/counts`) with the admin's bearer token;
// - raw: `pg` clients replaying the statements the API sends for that request, back to back.
// Each run keeps every latency (ms) and reports p50/p99 and completed requests per second.
import autocannon from 'autocannon';
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { percentile } from '../../ingest/lib/load.mjs';

const active = new Set();
export function stopAllLoad() {
  for (const stop of active) stop();
}

function summary(latencies, ok, seconds, extra = {}) {
  latencies.sort((a, b) => a - b);
  return { n: ok, rps: ok / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN, ...extra };
}

/** `connections` autocannon connections on one URL for `seconds`. */
export function httpRun({ url, token, connections, seconds }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const codes = {};
    const startedAt = performance.now();
    const instance = autocannon({ url, connections, duration: seconds, timeout: 10, headers: { authorization: `Bearer ${token}` } }, (err, result) => {
      active.delete(stop);
      if (err) return reject(err);
      const elapsed = (performance.now() - startedAt) / 1000;
      const ok = result['2xx'];
      resolve(summary(latencies, ok, Math.max(seconds, elapsed), { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, codes }));
    });
    const stop = () => instance.stop();
    active.add(stop);
    instance.on('response', (_client, status, _bytes, ms) => {
      codes[status] = (codes[status] ?? 0) + 1;
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/**
 * `connections` pg clients, each replaying `statements` (one request) in a loop for `seconds`.
 * `during` wraps the load itself (a CPU monitor) while the clients are still connected: a backend
 * that exits before the monitor stops would leave its CPU to "other processes".
 */
export async function rawRun({ connectionString, statements, connections, seconds, during = (load) => load() }) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      return client;
    }),
  );
  let stopped = false;
  const stop = () => (stopped = true);
  active.add(stop);
  try {
    return await during(async () => {
      const latencies = [];
      let errors = 0;
      const startedAt = performance.now();
      const deadline = startedAt + seconds * 1000;
      await Promise.all(
        clients.map(async (client) => {
          while (!stopped && performance.now() < deadline) {
            const t = performance.now();
            try {
              for (const sql of statements) await client.query(sql);
              latencies.push(performance.now() - t);
            } catch (err) {
              errors++;
              if (errors === 1) console.error(`raw statement failed: ${err.message}`);
            }
          }
        }),
      );
      return summary(latencies, latencies.length, (performance.now() - startedAt) / 1000, { errors });
    });
  } finally {
    active.delete(stop);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
