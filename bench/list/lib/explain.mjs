// EXPLAIN (ANALYZE, BUFFERS) of a statement, and the indexes its plan reads.

const SCAN = /(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)?(?: using)? (\S+) on (\S+)|Seq Scan on (\S+)/;

export async function explain(db, sql) {
  const { rows } = await db.query(`explain (analyze, buffers, format text) ${sql}`);
  const lines = rows.map((r) => r['QUERY PLAN']);
  const indexes = [];
  const seqScans = [];
  for (const line of lines) {
    if (/never executed/.test(line)) continue; // a branch the executor skipped
    const m = SCAN.exec(line);
    if (!m) continue;
    if (m[4]) {
      if (!seqScans.includes(m[4])) seqScans.push(m[4]);
    } else if (!indexes.includes(m[2])) indexes.push(m[2]);
  }
  const time = (label) => Number(new RegExp(`${label} Time: ([\\d.]+) ms`).exec(lines.join('\n'))?.[1] ?? NaN);
  const buffers = /Buffers: (.*)/.exec(lines.find((l) => /Buffers:/.test(l)) ?? '')?.[1] ?? '';
  return { plan: lines.join('\n'), indexes, seqScans, planningMs: time('Planning'), executionMs: time('Execution'), buffers };
}

/** "conversation_list_idx + pkeys": the plan's secondary indexes, primary-key lookups folded into one word. */
export function indexSummary(e) {
  if (!e) return '–';
  const secondary = e.indexes.filter((i) => !/_pkey$/.test(i));
  const parts = [...secondary.map((i) => `\`${i}\``), ...e.seqScans.map((t) => `Seq Scan ${t}`)];
  if (e.indexes.some((i) => /_pkey$/.test(i))) parts.push('pkeys');
  return parts.join(' + ') || '–';
}
