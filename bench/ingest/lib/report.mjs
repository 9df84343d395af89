// The markdown report: per-step table, summary table, the "nothing lost" checks and a short diagnosis.
import { cpus } from 'node:os';
import { apiLogLines } from './app.mjs';

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const pct = (n) => (Number.isFinite(n) ? `${Math.round(n)}%` : '–');
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '–');
const yes = (ok) => (ok ? 'yes' : '**NO**');

function stepRow(s) {
  const target = s.rate ? int(s.rate) : 'unthrottled';
  const sustained = s.rate && s.label !== 'warm-up' ? yes(s.sustained) : '–';
  const cpu = `${pct(s.cpu.api)} / ${pct(s.cpu.postgres)} / ${pct(s.cpu.bench)} / ${pct(s.cpu.other)}`;
  const drain = s.drain.drained ? s.drain.seconds.toFixed(1) : `not drained (${int(s.drain.pending)} left)`;
  return `| ${s.label} | ${target} | ${int(s.achieved)} | ${ms(s.p50)} | ${ms(s.p99)} | ${int(s.non2xx)} | ${int(s.errors)} / ${int(s.timeouts)} | ${sustained} | ${cpu} | ${drain} |`;
}

export function stepsTable(steps) {
  return [
    '| Step | Target (req/s) | Achieved (msg/s) | p50 (ms) | p99 (ms) | non-2xx | Errors / timeouts | Sustained? | CPU API / PG / load gen / other (% of 1 core) | Outbox drained after (s) |',
    '|---|---:|---:|---:|---:|---:|---:|:---:|---:|---:|',
    ...steps.map(stepRow),
  ].join('\n');
}

export function summaryTable(r) {
  const half = r.halfStep;
  const halfMet = half && half.p99 <= r.p99TargetMs && half.sustained;
  const rows = [
    ['Max sustained inbound msgs/s (fixed-rate steps)', r.maxSustained ? int(r.maxSustained) : 'none sustained'],
    [
      'Unthrottled throughput (64 connections)',
      r.maxStep ? `${int(r.maxStep.achieved)} msg/s (p50 ${ms(r.maxStep.p50)} ms, p99 ${ms(r.maxStep.p99)} ms)` : '–',
    ],
    [
      `p50 / p99 at half rate (${half ? int(half.rate) : '–'} req/s)`,
      half ? `${ms(half.p50)} / ${ms(half.p99)} ms — target p99 ≤ ${r.p99TargetMs} ms: ${halfMet ? 'met' : '**not met**'}` : '–',
    ],
    [`Raw PostgreSQL txn/s, full ingest write (${r.rawClients} clients)`, `${int(r.rawFull.tps)} (p50 ${ms(r.rawFull.p50)} ms, p99 ${ms(r.rawFull.p99)} ms)`],
    [
      `Raw PostgreSQL txn/s, insert message + update conversation (${r.rawClients} clients)`,
      `${int(r.rawMin.tps)} (p50 ${ms(r.rawMin.p50)} ms, p99 ${ms(r.rawMin.p99)} ms)`,
    ],
    ['Ratio app max sustained / raw (full write)', ratio(r.maxSustained, r.rawFull.tps)],
    ['Ratio app max sustained / raw (insert+update)', ratio(r.maxSustained, r.rawMin.tps)],
    ['Ratio app unthrottled / raw (full write; insert+update)', `${ratio(r.maxStep?.achieved, r.rawFull.tps)}; ${ratio(r.maxStep?.achieved, r.rawMin.tps)}`],
    ['Reference: `GET /health` unthrottled (HTTP stack, no database)', `${int(r.health.rps)} req/s (p50 ${ms(r.health.p50)} ms, p99 ${ms(r.health.p99)} ms)`],
    [
      'Messages stored = 2xx count?',
      `${yes(r.stored.equal)} (${int(r.stored.stored)} stored, ${int(r.stored.ok)} × 2xx, ${int(r.stored.missing)} acknowledged but missing)`,
    ],
    [
      'Outbox drained?',
      r.outbox.drained
        ? `yes — all ${int(r.outbox.total)} rows dispatched; ${r.outbox.slowestStepDrain < 0.5 ? 'the relay kept up (no backlog left at the first check after any step)' : `after every step the backlog was gone within ${r.outbox.slowestStepDrain.toFixed(1)} s`}`
        : `**NO** — ${int(r.outbox.pending)} of ${int(r.outbox.total)} rows still pending after ${r.outbox.seconds.toFixed(0)} s`,
    ],
  ];
  return ['| Metric | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function backendsLine(backends) {
  const shown = backends.filter((b) => b.avg >= 0.05).slice(0, 5);
  return shown.length ? shown.map((b) => `${b.state} ${b.avg.toFixed(1)}`).join(', ') : 'none';
}

/** CPU per item: % of one core ÷ items per second, in milliseconds. */
const msPer = (percentOfCore, perSecond) => (10 * percentOfCore) / perSecond;

/** A plain-words guess at the bottleneck of the heaviest step, from CPU shares and PostgreSQL waits. */
export function diagnose(r, cores) {
  const step = r.maxStep ?? r.steps.at(-1);
  const { api, postgres, redis, bench } = step.cpu;
  const total = api + postgres + redis + bench;
  const lines = [
    `During the **${step.label}** step (${int(step.achieved)} msg/s): API process ${pct(api)} of one core (≈ ${msPer(api, step.achieved).toFixed(1)} ms CPU per message), PostgreSQL ${pct(postgres)} (≈ ${msPer(postgres, step.achieved).toFixed(1)} ms per message), Redis ${pct(redis)}, load generator (this script) ${pct(bench)} — ${pct(total)} of the ${cores * 100}% the ${cores} cores offer.`,
    `PostgreSQL backends of the bench database, average count by state · wait: ${backendsLine(step.backends)}.`,
  ];
  const waitingForApp = step.backends.filter((b) => /ClientRead/.test(b.state) && /idle in transaction/.test(b.state)).reduce((n, b) => n + b.avg, 0);
  const onCpu = step.backends.filter((b) => b.state === 'active (on CPU)').reduce((n, b) => n + b.avg, 0);
  if (api >= 85) {
    lines.push(
      `→ The API's single Node.js thread is saturated (≈ ${pct(api)} of a core): HTTP, the signature check, the ingest transaction and, with WORKERS=inline, the outbox relay and BullMQ events worker all run on it. PostgreSQL has headroom; it mostly waits for the app${waitingForApp > onCpu ? ' (backends idle in transaction, waiting for the next statement)' : ''}.`,
    );
  } else if (total >= cores * 100 * 0.8) {
    const largest = postgres > api ? 'PostgreSQL' : 'the API process';
    lines.push(
      `→ No single process is at its limit, but the ${cores} cores are nearly saturated (${pct(total)} busy) and ${largest} is the largest consumer: API, PostgreSQL, Redis and the load generator compete for the same cores, and every statement's round trip waits for a core${waitingForApp > onCpu ? " (backends sit idle in transaction, waiting for the app's next statement)" : ''}.`,
    );
  } else if (waitingForApp > onCpu) {
    lines.push(
      '→ Neither the API nor the cores are saturated; PostgreSQL backends mostly wait for the app inside transactions: round-trip latency per statement bounds throughput.',
    );
  } else {
    lines.push('→ No single resource is saturated; see the waits above.');
  }
  if (r.rawFull?.tps) {
    const app = msPer(postgres, step.achieved);
    const raw = msPer(r.rawFull.cpu.postgres, r.rawFull.tps);
    lines.push(
      `PostgreSQL CPU per message: ≈ ${app.toFixed(1)} ms for the app (its transaction, plus the relay marking outbox rows dispatched, plus vacuum) vs ≈ ${raw.toFixed(1)} ms per raw full-write transaction (${(app / raw).toFixed(1)}×).`,
    );
  }
  if (!step.rate && r.maxSustained && step.achieved < 0.9 * r.maxSustained) {
    lines.push(
      `Overload costs throughput: with 64 connections unthrottled the API does ${int(step.achieved)} msg/s, less than the best paced rate (${int(r.maxSustained)} msg/s).`,
    );
  }
  return lines;
}

/** Other people's processes on the same cores make every figure low: say so when it happened. */
function contentionWarning(r) {
  const busy = [...r.steps, r.rawFull, r.rawMin].filter((s) => s.cpu.other > r.settings.quietThreshold);
  if (!busy.length) return [];
  const worst = Math.max(...busy.map((s) => s.cpu.other));
  return [
    `- ⚠ Processes outside the bench (builds, tests) used up to ${pct(worst)} of a core during ${busy.length} measurement(s) (column "other"): those figures are pessimistic.`,
  ];
}

export function renderReport(r) {
  const cores = cpus().length;
  const lines = [
    '# Parley ingest benchmark',
    '',
    `- Date: ${r.date.toISOString()}`,
    `- Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${r.pgVersion}; load generator, API and PostgreSQL share the machine`,
    `- API build: dist/apps/api/main.js, built ${r.build.builtAt.toISOString()}${r.build.stale ? ` — ⚠ **stale**: ${r.build.newestFile} changed after it (${r.build.newestSource.toISOString()})` : ' (newer than every source file)'}; WORKERS=inline, LOG_LEVEL=warn, NODE_ENV=production`,
    `- Load: \`POST /webhooks/twilio-sms/<id>\`, signed Twilio inbound-SMS forms, ${int(r.settings.senders)} senders, ${r.settings.connections} connections; fixed-rate steps of ${r.settings.stepSeconds} s (half-rate step ${r.settings.halfRateSeconds} s), each split into up to ${r.settings.stagger} autocannon instances whose start times are spread over a second (alone, autocannon sends each second's quota in one burst)`,
    `- Sustained = achieved ≥ ${r.settings.sustainRatio * 100}% of target, no non-2xx, no errors/timeouts. Achieved = 2xx ÷ max(step duration, time to last response).`,
    `- Command: \`npm run bench:ingest\` (total run ${Math.round(r.runSeconds)} s)`,
    ...contentionWarning(r),
    '',
    '## Steps',
    '',
    stepsTable(r.steps),
    '',
    '## Summary',
    '',
    summaryTable(r),
    '',
    '## Nothing lost',
    '',
    `- ${int(r.stored.ok)} responses were 2xx (${int(r.stored.uniqueAcked)} distinct MessageSids); ${int(r.stored.stored)} inbound messages are stored for the account; ${int(r.stored.missing)} acknowledged messages are missing; ${int(r.stored.extra)} stored messages never got a 2xx seen by the client.`,
    `- Other responses: ${r.stored.otherStatuses || 'none'}.`,
    `- Outbox: ${int(r.outbox.total)} rows (expected ${int(r.outbox.expected)} = 3 per message + 1 per new conversation), ${int(r.outbox.pending)} undispatched at the end.`,
    '',
    '## What limits throughput',
    '',
    ...diagnose(r, cores).map((l) => `- ${l}`),
    `- Raw baseline (API stopped): PostgreSQL ${pct(r.rawFull.cpu.postgres)} of a core and the \`pg\` client loop ${pct(r.rawFull.cpu.bench)} for the full write; ${pct(r.rawMin.cpu.postgres)} / ${pct(r.rawMin.cpu.bench)} for insert+update.`,
    '',
    '## API log (warn and above)',
    '',
    ...apiLogLines(r.apiLog),
    '',
  ];
  return lines.join('\n');
}
