// Load generation: autocannon (programmatic) posting signed Twilio inbound-SMS webhooks.
import autocannon from 'autocannon';
import twilio from 'twilio';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const BODIES = [
  'Hi, is my technician still coming today between 2 and 4?',
  'Can I move my appointment to Thursday morning please',
  'The water heater is leaking again, can someone call me back?',
  'Thanks! See you tomorrow.',
  'What is the price for a furnace tune-up?',
  'Running 10 minutes late, sorry',
];

/**
 * Inbound SMS webhooks as Twilio sends them: a fresh MessageSid per request (so none is a replay),
 * senders from a fixed pool (so conversations get reused), signed like Twilio with the official SDK.
 */
export function createSmsTraffic({ baseUrl, account, senders }) {
  const runTag = randomBytes(4).toString('hex');
  const numbers = Array.from({ length: senders }, (_, i) => `+1555${String(i).padStart(7, '0')}`);
  const path = new URL(account.webhookUrl).pathname;
  /** MessageSids that got a 2xx: compared with the stored rows afterwards ("nothing lost"). */
  const acked = new Set();
  let built = 0;

  function signedForm(from) {
    const sid = `SM${runTag}${(built++).toString(16).padStart(24, '0')}`;
    const params = {
      ToCountry: 'US',
      ToState: 'CA',
      SmsMessageSid: sid,
      NumMedia: '0',
      ToCity: 'SAN FRANCISCO',
      FromZip: '94105',
      SmsSid: sid,
      FromState: 'CA',
      SmsStatus: 'received',
      FromCity: 'SAN FRANCISCO',
      Body: BODIES[built % BODIES.length],
      FromCountry: 'US',
      To: '+15550009999',
      ToZip: '94105',
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: account.accountSid,
      From: from,
      ApiVersion: '2010-04-01',
    };
    const signature = twilio.getExpectedTwilioSignature(account.authToken, account.webhookUrl, params);
    return { sid, body: new URLSearchParams(params).toString(), signature };
  }

  let next = 0;
  return {
    baseUrl,
    path,
    acked,
    get built() {
      return built;
    },
    signedForm,
    /** Each sender once, in order: the warm-up creates every contact and conversation. */
    inOrder: () => numbers[next++ % numbers.length],
    random: () => numbers[Math.floor(Math.random() * numbers.length)],
  };
}

/** autocannon request list: one dynamic request, rebuilt (new sid, new signature) for every send. */
function requestsFor(traffic, pickSender) {
  return [
    {
      method: 'POST',
      path: traffic.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest(req, context) {
        const form = traffic.signedForm(pickSender());
        context.sid = form.sid; // the context lives per connection until its next request is built
        return { ...req, body: form.body, headers: { ...req.headers, 'x-twilio-signature': form.signature } };
      },
      onResponse(status, _body, context) {
        if (status >= 200 && status < 300) traffic.acked.add(context.sid);
      },
    },
  ];
}

/** Splits n into k integer parts that differ by at most one. */
const split = (n, k) => Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));

/**
 * How a step is split into autocannon instances.
 *
 * autocannon's rate limit refills every connection's quota once per second, and the connection then
 * sends it back to back: all connections burst together at the start of each second. To offer the
 * target rate more evenly, a fixed-rate step runs about `stagger` instances (default: one per
 * connection) whose start times are spread evenly over the first second.
 *
 * autocannon spreads a rate and an amount over its connections independently (some connections get one
 * more of each), so a connection could be asked for more requests than its rate allows in the step's
 * time. Hence every instance holds connections of one per-connection rate only (base or base + 1), and
 * its amount is exactly rate × seconds.
 */
function plan({ rate, amount, seconds, connections, stagger }) {
  if (!rate) return [{ rate: 0, amount, connections: Math.min(connections, amount), delayMs: 0 }];
  const conns = Math.min(connections, rate);
  const base = Math.floor(rate / conns);
  const classes = [
    { perConnection: base + 1, count: rate % conns },
    { perConnection: base, count: conns - (rate % conns) },
  ].filter((c) => c.count > 0);
  const k = Math.max(1, Math.min(stagger, conns));
  const parts = classes.flatMap(({ perConnection, count }) =>
    split(count, Math.min(k, count)).map((n) => ({ rate: n * perConnection, amount: n * perConnection * seconds, connections: n })),
  );
  // Start times spread evenly over one second, alternating the two classes.
  const ordered = parts.map((_, i) => parts[i % 2 ? parts.length - 1 - (i >> 1) : i >> 1]);
  return ordered.map((part, i) => ({ ...part, delayMs: (i * 1000) / ordered.length }));
}

const active = new Set();
/** Ctrl-C: stop whatever is running. */
export function stopAllLoad() {
  for (const instance of active) instance.stop();
}

/**
 * One autocannon instance with `amount` requests: it ends when every response is in, so no request is
 * abandoned in flight (which would make "stored = 2xx" unprovable). A watchdog ends a stuck step.
 */
function runInstance(traffic, part, pickSender, seconds, onResponse) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let lastResponseAt = startedAt;
    const watchdog = setTimeout(() => instance.stop(), Math.max(seconds * 4, 60) * 1000);
    const instance = autocannon(
      {
        url: traffic.baseUrl,
        connections: part.connections,
        amount: part.amount,
        timeout: 10,
        // Raw per-request times (we keep our own list): autocannon's omission correction assumes a 1 ms interval.
        ...(part.rate ? { overallRate: part.rate, ignoreCoordinatedOmission: true } : {}),
        requests: requestsFor(traffic, pickSender),
      },
      (err, result) => {
        clearTimeout(watchdog);
        if (err) return reject(err); // option errors arrive synchronously, before `instance` is assigned
        active.delete(instance);
        resolve({ result, startedAt, lastResponseAt });
      },
    );
    active.add(instance);
    instance.on('response', (_client, status, _bytes, ms) => {
      lastResponseAt = performance.now();
      onResponse(status, ms);
    });
  });
}

export const percentile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);

/**
 * Runs one step. `rate` null = unthrottled. Achieved rate = 2xx / max(nominal duration, time to the last
 * response): a server that keeps up finishes on time and scores the target, a slower one scores less.
 */
export async function runStep(traffic, { rate, amount, seconds, connections, stagger, pickSender }) {
  const latencies = [];
  const statusCodes = {};
  const builtBefore = traffic.built;
  const parts = plan({ rate, amount, seconds, connections, stagger });
  const runs = await Promise.all(
    parts.map(async (part) => {
      await new Promise((r) => setTimeout(r, part.delayMs));
      return runInstance(traffic, part, pickSender, seconds, (status, ms) => {
        latencies.push(ms);
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      });
    }),
  );
  latencies.sort((a, b) => a - b);
  const sum = (f) => runs.reduce((n, r) => n + (f(r.result) ?? 0), 0);
  const ok = sum((r) => r['2xx']);
  const elapsed = Math.max(...runs.map((r) => r.lastResponseAt - r.startedAt)) / 1000;
  const achieved = rate ? runs.reduce((n, r) => n + r.result['2xx'] / Math.max(seconds, (r.lastResponseAt - r.startedAt) / 1000), 0) : ok / elapsed;
  return {
    rate,
    requested: amount,
    sent: traffic.built - builtBefore,
    ok,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
    achieved,
    elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    instances: parts.length,
  };
}

/**
 * The framework's floor on this machine: `GET /health` (Nest + Fastify, no database) unthrottled.
 * Tells how much of the ingest cost is HTTP plumbing and how much is the ingest itself.
 */
export async function calibrateHealth(baseUrl, { seconds, connections }) {
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon({ url: `${baseUrl}/health`, connections, duration: seconds }, (err, r) => {
      if (err) return reject(err);
      active.delete(instance);
      resolve(r);
    });
    active.add(instance);
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}
