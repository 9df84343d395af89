// The markdown report of the fan-out bench: steps, per instance, CPU, the bare reference, targets.
import { cpus, totalmem } from 'node:os';
import { apiLogLines } from '../../ingest/lib/app.mjs';

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const pct = (n) => (Number.isFinite(n) ? `${Math.round(n)}%` : '–');
const yes = (ok) => (ok ? 'yes' : '**NO**');
const met = (ok) => (ok ? '**met**' : '**not met**');

function stepsTable(steps) {
  const rows = steps.map((s) => {
    const o = s.overall;
    const notes = `${s.send.ok}/${s.send.count} (${s.send.achieved.toFixed(1)}/s)`;
    const drained = s.drain.complete ? s.drain.seconds.toFixed(1) : `incomplete (${s.drain.seconds.toFixed(0)})`;
    return `| ${s.label}${s.attempts > 1 ? ` (attempt ${s.attempts})` : ''} | ${s.rate} | ${notes} | ${ms(s.send.httpP99)} | ${int(o.offeredPerSec)} | ${int(o.deliveriesPerSec)} | ${int(o.framesPerSec)} | ${ms(o.p50)} | ${ms(o.p99)} | ${ms(o.max)} | ${ms(s.perNote.headP50)} / ${ms(s.perNote.headP99)} | ${ms(s.perNote.spreadP50)} / ${ms(s.perNote.spreadP99)} | ${int(o.missing)} / ${int(o.duplicates)} | ${o.disconnected} | ${drained} | ${s.label === 'warm-up' ? '–' : yes(s.sustained)} |`;
  });
  return [
    '| Step | Rate (notes/s) | Notes 2xx (achieved) | HTTP p99 (ms) | Offered note.created deliveries/s | Delivered/s | All frames/s | p50 (ms) | p99 (ms) | max (ms) | First socket p50 / p99 (ms) | First → last socket p50 / p99 (ms) | Missing / dup | Disconnects | Last delivery after last send (s) | Sustained? |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...rows,
  ].join('\n');
}

function instancesTable(steps) {
  const names = [...new Set(steps.flatMap((s) => Object.keys(s.byInstance)))].sort();
  const head = names.map((n) => `${n}: sockets · delivered/s · p50 / p99 (ms) · missing / dup`).join(' | ');
  const rows = steps.map((s) => {
    const cells = names.map((n) => {
      const i = s.byInstance[n];
      return i ? `${i.sockets} · ${int(i.deliveriesPerSec)} · ${ms(i.p50)} / ${ms(i.p99)} · ${int(i.missing)} / ${int(i.duplicates)}` : '–';
    });
    return `| ${s.label} | ${s.rate} | ${cells.join(' | ')} |`;
  });
  return [`| Step | Rate | ${head} |`, `|---|---:|${names.map(() => '---:').join('|')}|`, ...rows].join('\n');
}

function cpuTable(steps, serverNames, loadgenNames, withCommits = false) {
  const cols = [...serverNames, 'postgres', 'redis', ...loadgenNames, 'sender', 'other'];
  const label = { postgres: 'PostgreSQL', redis: 'Redis', sender: 'sender (orchestrator)', other: 'other (not the bench)' };
  const rows = steps.map(
    (s) =>
      `| ${s.label} | ${s.rate ?? '–'} | ${cols.map((c) => pct(s.cpu[c])).join(' | ')} | ${pct(cols.reduce((n, c) => (c === 'other' ? n : n + (s.cpu[c] ?? 0)), 0))} |${withCommits ? ` ${int(s.commitsPerSec)} |` : ''}`,
  );
  return [
    `| Step | Rate | ${cols.map((c) => label[c] ?? c).join(' | ')} | bench total |${withCommits ? ' PostgreSQL commits/s |' : ''}`,
    `|---|---:|${cols.map(() => '---:').join('|')}|---:|${withCommits ? '---:|' : ''}`,
    ...rows,
  ].join('\n');
}

/** CPU of the servers per 1,000 deliveries, in ms: how expensive one delivery is. */
const serverCpuPerThousand = (s, names) => (10 * names.reduce((n, k) => n + (s.cpu[k] ?? 0), 0)) / (s.overall.deliveriesPerSec / 1000);

function highestCommon(p, b) {
  const bareHeld = new Map(b.steps.filter((s) => s.sustained).map((s) => [s.rate, s]));
  const common = p.steps.filter((s) => s.sustained && bareHeld.has(s.rate)).sort((x, y) => y.rate - x.rate)[0];
  return common ? { rate: common.rate, parley: common, bare: bareHeld.get(common.rate) } : null;
}

function summary(r) {
  const { parley: p, bare: b, fanout: f } = r;
  const lines = [];
  // Target 1: p99 ≤ 100 ms at 2,000 sockets, at rates the system sustains.
  const sockets = p.connect.connected;
  const ok = p.steps.filter((s) => s.sustained && s.overall.p99 <= f.p99TargetMs).sort((x, y) => y.rate - x.rate)[0];
  const perRate = [...p.steps].sort((x, y) => x.rate - y.rate).map((s) => `${s.rate}/s: ${ms(s.overall.p99)} ms${s.sustained ? '' : ' (not sustained)'}`);
  const bareOk = b.steps.filter((s) => s.sustained && s.overall.p99 <= f.p99TargetMs).sort((x, y) => y.rate - x.rate)[0];
  perRate.push(
    `bare socket.io in the same run: ${bareOk ? `p99 ≤ ${f.p99TargetMs} ms up to ${bareOk.rate} notes/s (${ms(bareOk.overall.p99)} ms)` : `p99 above ${f.p99TargetMs} ms at every rate`}`,
  );
  lines.push(
    `| Fan-out p99 ≤ ${f.p99TargetMs} ms at ${int(sockets)} sockets | p99 by rate — ${perRate.join('; ')} | ${ok ? `${met(true)} up to ${ok.rate} notes/s (${int(ok.overall.deliveriesPerSec)} deliveries/s, p99 ${ms(ok.overall.p99)} ms)${p.best && p.best.rate > ok.rate ? `; not at the max sustained ${p.best.rate} notes/s (p99 ${ms(p.best.overall.p99)} ms)` : ''}` : `${met(false)} at any sustained rate`} |`,
  );
  // Target 2: Parley deliveries/s ≥ 70% of bare socket.io.
  const common = highestCommon(p, b);
  if (common) {
    const ratio = common.parley.overall.deliveriesPerSec / common.bare.overall.deliveriesPerSec;
    lines.push(
      `| Delivered/s at the highest step both sustain (${common.rate} notes/s) | Parley ${int(common.parley.overall.deliveriesPerSec)} vs bare ${int(common.bare.overall.deliveriesPerSec)} = ${(100 * ratio).toFixed(0)}% (p99 ${ms(common.parley.overall.p99)} vs ${ms(common.bare.overall.p99)} ms) | ${met(ratio >= f.ratioTarget)} (both deliver what is offered at a rate both sustain) |`,
    );
  } else {
    lines.push('| Delivered/s at the highest step both sustain | no step sustained by both | **not met** |');
  }
  if (p.best && b.best) {
    const ratio = p.best.overall.deliveriesPerSec / b.best.overall.deliveriesPerSec;
    const pMissed = Number.isFinite(p.firstMissed) ? `, first missed ${p.firstMissed}` : '';
    const bMissed = Number.isFinite(b.firstMissed) ? `, first missed ${b.firstMissed}` : ` (none missed up to ${b.maxSustained})`;
    lines.push(
      `| Max sustained: Parley ≥ ${Math.round(f.ratioTarget * 100)}% of bare socket.io | Parley ${p.maxSustained} notes/s = ${int(p.best.overall.deliveriesPerSec)} deliveries/s${pMissed}; bare ${b.maxSustained} notes/s = ${int(b.best.overall.deliveriesPerSec)} deliveries/s${bMissed}; ratio ${(100 * ratio).toFixed(0)}% | ${met(ratio >= f.ratioTarget)} |`,
    );
  } else {
    lines.push(
      `| Max sustained: Parley ≥ ${Math.round(f.ratioTarget * 100)}% of bare socket.io | Parley ${p.maxSustained || 'none'}, bare ${b.maxSustained || 'none'} | **not met** |`,
    );
  }
  const all = [p.warmup, ...p.steps];
  const missing = all.reduce((n, s) => n + s.overall.missing, 0);
  const dup = all.reduce((n, s) => n + s.overall.duplicates, 0);
  const ooo = all.reduce((n, s) => n + s.overall.outOfOrder, 0);
  const disc = all.reduce((n, s) => n + s.overall.disconnected, 0);
  lines.push(
    `| Every socket gets every event exactly once (Parley, all steps) | ${int(missing)} missing, ${int(dup)} duplicate deliveries, ${int(ooo)} frames with a non-increasing id, ${int(disc)} sockets disconnected | ${met(missing === 0 && dup === 0 && ooo === 0 && disc === 0)} |`,
  );
  return ['| Target | Measured | Verdict |', '|---|---|---|', ...lines].join('\n');
}

function diagnosis(r) {
  const { parley: p, bare: b } = r;
  const lines = [];
  const pServers = ['apiA', 'apiB'];
  const bServers = ['bareA', 'bareB'];
  const cores = cpus().length;
  const describe = (s, servers, what) => {
    const total = Object.entries(s.cpu)
      .filter(([k]) => !['machine', 'iowait', 'other'].includes(k))
      .reduce((n, [, v]) => n + v, 0);
    const loadgens = Object.entries(s.cpu)
      .filter(([k]) => k.startsWith('loadgen'))
      .reduce((n, [, v]) => n + v, 0);
    return `${what} at ${s.rate} notes/s (${int(s.overall.deliveriesPerSec)} note.created deliveries/s, ${int(s.overall.framesPerSec)} frames/s): servers ${servers.map((k) => `${k} ${pct(s.cpu[k])}`).join(', ')}, load generators ${pct(loadgens)}, PostgreSQL ${pct(s.cpu.postgres)}, Redis ${pct(s.cpu.redis)}, sender ${pct(s.cpu.sender)}; the bench uses ${pct(total)} of the ${cores * 100}% the ${cores} cores offer (machine ${pct(s.cpu.machine)}). Server CPU ≈ ${ms(serverCpuPerThousand(s, servers))} ms per 1,000 note.created deliveries (each also carries a timeline.created frame).`;
  };
  if (p.best) lines.push(describe(p.best, pServers, 'Parley, max sustained step'));
  const pMiss = p.steps.find((s) => !s.sustained);
  if (pMiss) lines.push(describe(pMiss, pServers, 'Parley, first step not sustained'));
  if (b.best) lines.push(describe(b.best, bServers, 'Bare socket.io, max sustained step'));
  const bMiss = b.steps.find((s) => !s.sustained);
  if (bMiss) lines.push(describe(bMiss, bServers, 'Bare socket.io, first step not sustained'));
  const idleApi = (p.idle.cpu.apiA ?? 0) + (p.idle.cpu.apiB ?? 0);
  if (idleApi > 20) {
    const top = p.idle.busyStatements?.[0];
    lines.push(
      `→ Idle cost: with the sockets connected and no event at all, the two API instances use ${pct(p.idle.cpu.apiA)} + ${pct(p.idle.cpu.apiB)} of a core and PostgreSQL ${pct(p.idle.cpu.postgres)}, at ${int(p.idle.commitsPerSec)} commits/s in a database nobody writes to (the bare servers: ${pct((b.idle.cpu.bareA ?? 0) + (b.idle.cpu.bareB ?? 0))}).${top ? ` The statement PostgreSQL is busy with meanwhile: \`${top.query.replace(/\|/g, '\\|')}…\` (in ${Math.round(100 * top.share)}% of samples).` : ''} On ${cores} cores that CPU is taken from the fan-out and the load generators.`,
    );
  }
  // Same rate, both systems: how long until the first socket has the note, and from the first to the last socket.
  const bareByRate = new Map(b.steps.map((s) => [s.rate, s]));
  const same = p.steps.filter((s) => bareByRate.has(s.rate)).sort((x, y) => x.rate - y.rate);
  if (same.length) {
    const cmp = same.map((s) => {
      const o = bareByRate.get(s.rate);
      return `at ${s.rate} notes/s first socket p50 ${ms(s.perNote.headP50)} ms vs bare ${ms(o.perNote.headP50)} ms, first → last socket p50 ${ms(s.perNote.spreadP50)} vs ${ms(o.perNote.spreadP50)} ms`;
    });
    lines.push(
      `→ Where Parley's latency comes from (same rate, both systems): ${cmp.join('; ')}. The time before the first socket (HTTP, transaction, relay, Redis) is what grows with the rate: each of its steps waits in the API's event loop behind the ${int(p.connect.connected / 2)}-socket broadcasts, on cores the load generators also need.`,
    );
  }
  const heavy = pMiss ?? p.best;
  if (heavy && heavy.cpu.machine >= cores * 100 * 0.85) {
    lines.push(
      `→ At the first missed step the machine is saturated (${pct(heavy.cpu.machine)} of ${cores * 100}%): servers, load generators, PostgreSQL and Redis compete for ${cores} cores, so the ceiling measured here is the machine's, shared between server and clients, not one process's.`,
    );
  }
  return lines;
}

function contention(r) {
  const steps = [r.parley.warmup, ...r.parley.steps, r.bare.warmup, ...r.bare.steps];
  const busy = steps.filter((s) => s.cpu.other > r.fanout.quietThreshold);
  const benches = [...new Set(steps.flatMap((s) => s.others))];
  const lines = [];
  if (busy.length)
    lines.push(
      `- ⚠ Processes outside the bench used up to ${pct(Math.max(...busy.map((s) => s.cpu.other)))} of a core during ${busy.length} step(s) (column "other"): those figures are pessimistic.`,
    );
  if (benches.length) lines.push(`- ⚠ Other benchmarks were running during some steps: ${benches.join(', ')} (see the log).`);
  return lines;
}

export function renderReport(r) {
  const { parley: p, bare: b, fanout: f } = r;
  const loadgens = Object.keys(p.steps[0]?.cpu ?? {}).filter((k) => k.startsWith('loadgen'));
  const logLines = Object.entries(p.apiLogs).flatMap(([name, entries]) => apiLogLines(entries, { limit: 8, label: name }));
  const v = p.verification;
  const lines = [
    '# Parley realtime fan-out benchmark',
    '',
    `- Date: ${r.date.toISOString()}`,
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${r.pgVersion}, Redis ${r.redisVersion}; servers, load generators, PostgreSQL and Redis share the machine`,
    `- API build: ${r.apiMain.endsWith('dist/apps/api/main.js') && !process.env.BENCH_FANOUT_API_MAIN ? 'dist/apps/api/main.js' : `**${r.apiMain}** (BENCH_FANOUT_API_MAIN; the freshness check below is about dist/)`}, built ${r.build.builtAt.toISOString()}${r.build.stale ? ` — ⚠ **stale**: ${r.build.newestFile} changed after it (${r.build.newestSource.toISOString()})` : ' (newer than every source file)'}; two instances (apiA, apiB) on one database, one Redis, one QUEUE_PREFIX; WORKERS=inline, LOG_LEVEL=warn, NODE_ENV=production`,
    `- Clients: ${int(p.connect.connected)} operator sockets (socket.io-client 4.8, websocket transport, ${f.operators} operator users' tokens) split evenly over the instances (${Object.entries(
      p.connect.byInstance,
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(
        ', ',
      )}), held by ${loadgens.length} load-generator processes; all sockets \`ready\` in ${p.connect.seconds.toFixed(1)} s (${f.connectConcurrency} handshakes at a time per load generator; CPU meanwhile: ${Object.entries(
      p.connect.cpu,
    )
      .filter(([k]) => !['machine', 'iowait'].includes(k))
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ')})${p.connect.failed ? `, ⚠ ${p.connect.failed} failed: ${JSON.stringify(p.connect.errors)}` : ''}`,
    `- Load: \`POST /api/v1/conversations/:id/notes\` paced open-loop at a fixed rate for ${f.stepSeconds} s per step, alternating between the two instances, one conversation; each note produces a \`timeline.created\` and a \`note.created\` frame (${r.samples['timeline.created'].length} and ${r.samples['note.created'].length} bytes of JSON). Latency = \`note.created\` frame arrival on a socket − the moment the note's HTTP request was sent (same clock, one machine), over every (socket, note) pair. Per note, "first socket" is the latency to the earliest socket (the pipeline: HTTP, commit, relay, Redis, the first write) and "first → last socket" the time until the last socket has it (the fan-out itself: ${int(p.connect.connected / 2)} socket writes per instance, then the load generators reading theirs, all on the same ${cpus().length} cores).`,
    `- Reference: two plain socket.io 4.8 servers (child processes, path /realtime, default options, one room) sharing nothing but a Redis pub/sub channel the orchestrator publishes to; per "note", the same two frames (same shape and size, fresh ids), at the same rates, to ${int(b.connect.connected)} sockets held by the same load generators (Parley stopped by then). Latency = arrival − the moment the orchestrator published. Both send each event as its own WebSocket message; Parley writes a note's two frames to a socket in one write, socket.io's \`emit\` one write per frame.`,
    `- Sustained = every note 2xx (open-loop pacing: a slow API delays deliveries, which the next criterion catches); note.created deliveries/s ≥ ${f.sustainRatio * 100}% of offered (rate × sockets), counted from the first send to the last delivery (at least the step length); no missing or duplicate delivery; no disconnect; p99 ≤ ${f.sustainP99Ms} ms. The ramp stops at the first step not sustained, then ${f.refineSteps} bisection steps. A step during which processes outside the bench used more than ${f.quietThreshold}% of a core is measured again (up to ${f.retries} times; the last attempt is shown).`,
    `- Command: \`npm run bench:fanout\` (total run ${Math.round(r.runSeconds)} s)`,
    ...contention(r),
    '',
    '## Parley: steps',
    '',
    stepsTable([p.warmup, ...p.steps]),
    '',
    '### Per instance',
    '',
    instancesTable([p.warmup, ...p.steps]),
    '',
    '### CPU per process (% of one core, over send + delivery of each step)',
    '',
    cpuTable([{ label: 'idle (connected, no events)', rate: null, ...p.idle }, p.warmup, ...p.steps], ['apiA', 'apiB'], loadgens, true),
    '',
    '## Bare socket.io reference: steps',
    '',
    stepsTable([b.warmup, ...b.steps]),
    '',
    '### Per instance',
    '',
    instancesTable([b.warmup, ...b.steps]),
    '',
    '### CPU per process (% of one core)',
    '',
    cpuTable([{ label: 'idle (connected, no events)', rate: null, ...b.idle }, b.warmup, ...b.steps], ['bareA', 'bareB'], loadgens),
    '',
    '## Summary against the targets',
    '',
    summary(r),
    '',
    '## Nothing lost',
    '',
    `- Notes acknowledged (2xx) ${int(v.notesSent)}, stored in the conversation ${int(v.notesStored)}; outbox rows not dispatched at the end ${int(v.outboxPending)}; realtime event rows in the outbox ${int(v.outboxEvents)}, entries in the workspace's Redis stream ${int(v.streamLength)}${v.outboxEvents === v.streamLength ? ' (one per event)' : ' ⚠ (differ: an event appended twice or not at all)'}.`,
    `- Frames for notes of an earlier step arriving late (counted as missing in their own step): ${int([p.warmup, ...p.steps].reduce((n, s) => n + s.overall.unexpected, 0))}. Frames received before their send timestamp (clock error): ${int([p.warmup, ...p.steps].reduce((n, s) => n + s.overall.negative, 0))}.`,
    ...[p.warmup, ...p.steps, b.warmup, ...b.steps]
      .filter((s) => Object.keys(s.disconnectReasons).length)
      .map((s) => `- ${s.system} ${s.label} (${s.rate}/s): disconnects ${JSON.stringify(s.disconnectReasons)}`),
    '',
    '## What limits the numbers',
    '',
    ...diagnosis(r).map((l) => `- ${l}`),
    '',
    '## API log (warn and above)',
    '',
    ...logLines,
    '',
  ];
  return lines.join('\n');
}
