// The markdown report of the dashboard benchmark.
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const kb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '–');
const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MB` : '–');
const msOf = (n) => (Number.isFinite(n) ? `${int(n)} ms` : '–');
const verdict = (ok) => (ok ? '**met**' : '**not met**');
const notMeasured = (r) => `not measured: ${String(r.error).replace(/\|/g, '\\|')}`;

function rows(r) {
  const t = r.settings.targets;
  const { signIn, js, thread, card, memory } = r.results;
  const out = [];
  out.push(
    js.error
      ? `| Initial JS of the conversations route (gzipped) | ≤ ${t.initialJsKb} KB | ${notMeasured(js)} | – |`
      : `| Initial JS of the conversations route (gzipped) | ≤ ${t.initialJsKb} KB | **${kb(js.gzip)}** (${js.initialFiles} files, ${kb(js.bytes)} uncompressed, arrived before the first card showed${js.listShown ? '' : ': no list, so every script'}); ${kb(js.allGzip)} with what loads after it until the network is idle (${js.files.length} files) | ${verdict(js.gzip <= t.initialJsKb * 1024)} |`,
  );
  out.push(
    signIn.error
      ? `| Sign-in → first list page visible | ≤ ${t.signInMs} ms | ${notMeasured(signIn)} | – |`
      : `| Sign-in → first list page visible | ≤ ${t.signInMs} ms | cold **${msOf(signIn.cold)}**, warm median ${msOf(signIn.warmMedian)}, worst ${msOf(signIn.worst)} (${signIn.runs.length} sign-ins) | ${verdict(signIn.worst <= t.signInMs)} |`,
  );
  out.push(
    thread.error
      ? `| Open a ${int(r.thread.messages)}-message thread → first paint | ≤ ${t.threadMs} ms | ${notMeasured(thread)} | – |`
      : `| Open a ${int(r.thread.messages)}-message thread → newest message painted | ≤ ${t.threadMs} ms | first **${msOf(thread.first)}**, median ${msOf(thread.median)}, worst ${msOf(thread.worst)} (${thread.runs.length} opens) | ${verdict(thread.worst <= t.threadMs)} |`,
  );
  out.push(
    card.error
      ? `| Webhook → card visible, p95 | ≤ ${t.cardP95Ms} ms | ${notMeasured(card)} | – |`
      : `| Webhook → card visible, p95 | ≤ ${t.cardP95Ms} ms | p50 ${msOf(card.p50)}, **p95 ${msOf(card.p95)}**, max ${msOf(card.max)} (${card.samples} webhooks, ${card.missing} never shown) | ${verdict(card.p95 <= t.cardP95Ms && card.missing === 0)} |`,
  );
  out.push(
    memory.error
      ? `| Page JS heap over ${r.settings.memoryMinutes} min of ${r.settings.memoryRate} events/s | flat ±${t.memoryDriftPct}% | ${notMeasured(memory)} | – |`
      : `| Page JS heap over ${r.settings.memoryMinutes} min of ${r.settings.memoryRate} events/s (after GC) | flat ±${t.memoryDriftPct}% | ${mb(memory.baseline.used)} after warm-up → **${mb(memory.end.used)}** at the end (**${memory.drift >= 0 ? '+' : ''}${memory.drift.toFixed(1)}%**, widest ${memory.spread.toFixed(1)}%); DOM nodes ${int(memory.baseline.nodes)} → ${int(memory.end.nodes)}; ${int(memory.events)} events, ${int(memory.failed)} failed${memory.listShown ? '' : '; **the page showed no conversation list** (measured what /conversations is today)'} | ${verdict(Math.abs(memory.drift) <= t.memoryDriftPct && memory.spread <= t.memoryDriftPct)} |`,
  );
  return ['| Measure | Target (issue 14) | Result | Verdict |', '|---|---|---|---|', ...out].join('\n');
}

function details(r) {
  const { js, memory } = r.results;
  const parts = [];
  if (!js.error) {
    parts.push('### Scripts of the conversations route (opened with a session, cache disabled, until the network is idle)\n');
    parts.push('| File | Size | Gzipped (level 9) | Before the first card showed |\n|---|---|---|---|');
    for (const f of [...js.files].sort((a, b) => b.gzip - a.gzip))
      parts.push(`| \`${f.url}\` | ${kb(f.bytes)} | ${kb(f.gzip)} | ${f.beforeList ? 'yes' : 'no'} |`);
    parts.push('');
  }
  if (!memory.error) {
    parts.push('### Page heap samples (after a forced GC)\n');
    parts.push('| Minute | JS heap used | DOM nodes | Event listeners |\n|---|---|---|---|');
    const t0 = memory.samples[0].at;
    for (const s of memory.samples) parts.push(`| ${((s.at - t0) / 60_000).toFixed(1)} | ${mb(s.used)} | ${int(s.nodes)} | ${int(s.listeners)} |`);
    parts.push('');
  }
  return parts.join('\n');
}

export function renderReport(r) {
  const seed = r.data.seed;
  const counts = seed?.counts ?? {};
  const ws = r.ws;
  const b = r.build;
  return `# Parley dashboard benchmark

- Date: ${r.date}
- Machine: ${r.machine}; the browser, the API and PostgreSQL share the machine
- Build: \`${b.apiMain}\` serving the admin beside it, built ${b.builtAt.toISOString()}${b.built ? ` by this run (${Math.round(b.seconds)} s)` : ''}${b.stale ? ` — **stale**: ${b.stale}` : ''}; NODE_ENV=production, WORKERS=inline
- Dataset (database \`parley_bench_dashboard\`, bench/list's generator${r.data.reused ? `, reused from ${r.data.seededAt}` : `, seeded in ${Math.round(seed.seconds)} s`}): ${Object.entries(
    counts,
  )
    .map(([t, n]) => `${int(n)} ${t}`)
    .join(
      ', ',
    )} in ${r.data.workspaces.length} workspaces. Measured as the admin of the largest (${int(ws.conversations)} conversations; not archived, per status: ${Object.entries(
    r.counts,
  )
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(', ')}), its assistant off.
- Long thread: ${int(r.thread.messages)} inbound messages sent as signed Twilio webhooks from one number; the newest one is the one timed.
- Method: Chromium (playwright-core, headless, fresh profile), 1440×900. Sign-in: from the click on "Sign in" until the first card (the list's first item) is visible in the region "Conversations", plus two animation frames; the first sign-in is cold (empty cache), the others warm. Thread: from the click on its card until its newest message is visible in the region "Conversation", plus two frames. Webhook → card: a MutationObserver in the page stamps when each webhook's text first appears in the list (same clock as the sender); one webhook every ${r.settings.cardGapMs} ms from new numbers. Memory: signed webhooks at ${r.settings.memoryRate}/s (${Math.round(100 * r.settings.memoryNewShare)}% from new numbers, the rest from 50 regulars), the heap (CDP \`Runtime.getHeapUsage\` after \`HeapProfiler.collectGarbage\`) every ${r.settings.memorySampleSeconds} s; drift = end vs the first sample after a warm-up of max(10% of the run, one interval).
- Other processes on the shared machine (CPU, % of one core, sampled for 2 s as each measurement began; the bench waits up to 60 s for them to drop below ${r.settings.quietThreshold}%): ${Object.entries(
    r.busy,
  )
    .map(([k, v]) => `${k} ${Math.round(v)}%`)
    .join(', ')}${Object.values(r.busy).some((v) => v > r.settings.quietThreshold) ? ' — **the machine was busy: the timings are pessimistic**' : ''}
- Command: \`npm run bench:dashboard\` (total ${int(r.seconds)} s); knobs: \`BENCH_DASHBOARD_MEMORY_MINUTES\`, \`BENCH_DASHBOARD_WORKSPACES\`, … (bench/dashboard/lib/settings.mjs)

## Results

${rows(r)}

${details(r)}
### Browser console
${
  r.browserErrors.length
    ? r.browserErrors
        .slice(0, 20)
        .map((e) => `- ${e.replace(/\|/g, '\\|')}`)
        .join('\n')
    : '- no uncaught error and no console error'
}

### API log (warnings and errors)
@@APILOG@@
`;
}
