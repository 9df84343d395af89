import type { AssistantReport, ConversationVolumeReport, DeliveryReport, DraftReport } from '@parley/contracts';

/** Today's date (`YYYY-MM-DD`) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The range shown (both days included) → the API's range (`to` exclusive). */
export const toApiRange = (from: string, lastDay: string) => ({ from, to: addDays(lastDay, 1) });

/** A table as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export interface Table {
  title: string;
  file: string;
  header: string[];
  rows: (string | number | null)[][];
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

/** `90` → "1 min 30 s", `4000` → "1 h 7 min". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

export function volumeTable(r: ConversationVolumeReport): Table {
  const channels = Object.keys(r.totals.byChannel).sort();
  return {
    title: 'Conversations by day and channel',
    file: 'conversations-by-day',
    header: ['Date', ...channels, 'Total'],
    rows: r.days.map((d) => [d.date, ...channels.map((c) => d.byChannel[c] ?? 0), d.total]),
  };
}

export function assistantTable(r: AssistantReport): Table {
  return {
    title: 'Assistant',
    file: 'assistant',
    header: ['Measure', 'Value'],
    rows: [
      ['Conversations created', r.conversations],
      ['Resolved', r.resolved],
      ['Resolved by the assistant', r.resolvedByAi],
      ['AI resolution rate (%)', pct(r.aiResolutionRate)],
      ['Escalated', r.escalated],
      ['Escalation rate (%)', pct(r.escalationRate)],
      ['Escalations answered by a human', r.firstHumanResponse.count],
      ['Escalations not answered yet', r.firstHumanResponse.unanswered],
      ['Time to first human reply, median (s)', r.firstHumanResponse.medianSeconds],
      ['Time to first human reply, p90 (s)', r.firstHumanResponse.p90Seconds],
    ],
  };
}

export function reasonsTable(r: AssistantReport): Table {
  return {
    title: 'Escalations by reason',
    file: 'escalation-reasons',
    header: ['Reason', 'Escalations'],
    rows: r.escalationReasons.map((e) => [e.reason ?? '(none given)', e.count]),
  };
}

export function draftsTable(r: DraftReport): Table {
  return {
    title: 'AI drafts',
    file: 'drafts',
    header: ['Outcome', 'Drafts'],
    rows: [
      ['Approved as written', r.approved - r.edited],
      ['Approved after an edit', r.edited],
      ['Rejected', r.rejected],
      ['Withdrawn', r.withdrawn],
      ['Pending', r.pending],
      ['Created', r.created],
    ],
  };
}

export function deliveryTable(r: DeliveryReport): Table {
  return {
    title: 'Delivery failures by channel',
    file: 'delivery',
    header: ['Channel', 'Sent', 'Failed', 'Failure rate (%)', 'Errors'],
    rows: r.byChannel.map((c) => [c.channel, c.sent, c.failed, pct(c.failureRate), c.errors.map((e) => `${e.code ?? 'unknown'}: ${e.count}`).join('; ')]),
  };
}
