import type { Params } from '@angular/router';
import { CHANNEL_KINDS, CONVERSATION_STATUSES, REPLY_STATES, type ChannelKind, type ConversationStatus, type ReplyState } from '@parley/contracts';
import type { ConversationListParams } from '../core/api.service';

/** Everything that narrows the conversation list; all of it lives in the URL's query params. */
export interface ListFilters {
  /** All / Archived tabs */
  archived: boolean;
  status: ConversationStatus[];
  /** user ids, `me`, `none` (Unassigned) */
  assignee: string[];
  /** the channel tab; null = All */
  channel: ChannelKind | null;
  /** last activity from/to, `YYYY-MM-DD` */
  from: string | null;
  to: string | null;
  unread: boolean;
  requiresAction: boolean;
  replyState: ReplyState[];
  q: string;
  /** Group by customer */
  groupBy: 'contact' | null;
}

export const EMPTY_FILTERS: ListFilters = {
  archived: false,
  status: [],
  assignee: [],
  channel: null,
  from: null,
  to: null,
  unread: false,
  requiresAction: false,
  replyState: [],
  q: '',
  groupBy: null,
};

export const STATUS_LABELS: Record<ConversationStatus, string> = {
  ai_handling: 'AI Handling',
  human_handling: 'Human Handling',
  resolved: 'Resolved',
  opted_out: 'Opted Out',
};

/** The seeds' words for our statuses (Open/Unresolved, Transferred/Escalated/Assigned, Closed), shown as hints and accepted in URLs. */
export const STATUS_ALIASES: Record<string, ConversationStatus> = {
  open: 'ai_handling',
  unresolved: 'ai_handling',
  ai: 'ai_handling',
  transferred: 'human_handling',
  escalated: 'human_handling',
  assigned: 'human_handling',
  human: 'human_handling',
  closed: 'resolved',
  opted_out: 'opted_out',
  optedout: 'opted_out',
};

export const STATUS_HINTS: Record<ConversationStatus, string> = {
  ai_handling: 'Open, Unresolved',
  human_handling: 'Transferred, Escalated, Assigned',
  resolved: 'Closed',
  opted_out: '',
};

export const REPLY_STATE_LABELS: Record<ReplyState, string> = {
  new: 'Created',
  awaiting_reply: 'Pending',
  replied: 'Replied',
};

const REPLY_ALIASES: Record<string, ReplyState> = { created: 'new', pending: 'awaiting_reply' };

export const CHANNEL_LABELS: Record<ChannelKind, string> = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  webchat: 'Chat',
  voice: 'Voice',
};

export const CHANNEL_ICONS: Record<ChannelKind, string> = {
  email: 'email',
  sms: 'sms',
  whatsapp: 'whatsapp',
  webchat: 'chat',
  voice: 'phone',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function csv(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const flag = (v: unknown) => v === '1' || v === 'true';

/** URL query params → filters. Unknown or malformed values are dropped (a bad bookmark never breaks the page). */
export function parseFilters(params: Params): ListFilters {
  const status = unique(
    csv(params['status'])
      .map((s) => s.toLowerCase())
      .map((s) => ((CONVERSATION_STATUSES as readonly string[]).includes(s) ? (s as ConversationStatus) : STATUS_ALIASES[s]))
      .filter((s): s is ConversationStatus => !!s),
  );
  const assignee = unique(csv(params['assignee']).filter((a) => a === 'me' || a === 'none' || UUID.test(a)));
  const channel =
    typeof params['channel'] === 'string' && (CHANNEL_KINDS as readonly string[]).includes(params['channel']) ? (params['channel'] as ChannelKind) : null;
  const replyState = unique(
    csv(params['reply'])
      .map((s) => s.toLowerCase())
      .map((s) => ((REPLY_STATES as readonly string[]).includes(s) ? (s as ReplyState) : REPLY_ALIASES[s]))
      .filter((s): s is ReplyState => !!s),
  );
  const date = (v: unknown) => (typeof v === 'string' && DATE.test(v) ? v : null);
  return {
    archived: flag(params['archived']),
    status,
    assignee,
    channel,
    from: date(params['from']),
    to: date(params['to']),
    unread: flag(params['unread']),
    requiresAction: flag(params['action']),
    replyState,
    q: typeof params['q'] === 'string' ? params['q'].slice(0, 200) : '',
    groupBy: params['group'] === 'contact' ? 'contact' : null,
  };
}

/**
 * Filters → URL query params: every key is present, `null` for a default, so
 * `router.navigate([], { queryParams, queryParamsHandling: 'merge' })` also clears what was removed.
 */
export function filtersToParams(f: ListFilters): Params {
  return {
    archived: f.archived ? '1' : null,
    status: f.status.length ? f.status.join(',') : null,
    assignee: f.assignee.length ? f.assignee.join(',') : null,
    channel: f.channel,
    from: f.from,
    to: f.to,
    unread: f.unread ? '1' : null,
    action: f.requiresAction ? '1' : null,
    reply: f.replyState.length ? f.replyState.join(',') : null,
    q: f.q.trim() ? f.q.trim() : null,
    group: f.groupBy,
  };
}

/** The query string of a view (for saved views and links), defaults left out. */
export function filtersToQueryString(f: ListFilters): string {
  const params = filtersToParams(f);
  return Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** Parses `a=1&b=2` (a saved view) into params. */
export function parseQueryString(qs: string): Params {
  const params: Params = {};
  for (const part of qs.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    params[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, ' '));
  }
  return params;
}

/** Filters → `GET /conversations` params (status filtering is per column on the board: pass `status` there). */
export function filtersToQuery(f: ListFilters): ConversationListParams {
  const q: ConversationListParams = { archived: f.archived };
  if (f.status.length) q.status = f.status;
  if (f.assignee.length) q.assigneeId = f.assignee;
  if (f.channel) q.channel = [f.channel];
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.unread) q.unread = true;
  if (f.requiresAction) q.requiresAction = true;
  if (f.replyState.length) q.replyState = f.replyState;
  if (f.q.trim()) q.q = f.q.trim();
  if (f.groupBy) q.groupBy = f.groupBy;
  return q;
}

export function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return filtersToQueryString(a) === filtersToQueryString(b);
}

export function hasActiveFilters(f: ListFilters): boolean {
  return filtersToQueryString({ ...f, archived: false, groupBy: null, channel: null }) !== '';
}

/** A dismissible pill: what it says and the filters without it. */
export interface FilterPill {
  key: string;
  label: string;
  without: ListFilters;
}

/** The active filters as pills (the tabs and the search box show themselves; they still get a pill when set, so all can be cleared in one place). */
export function filterPills(f: ListFilters, userName: (id: string) => string): FilterPill[] {
  const pills: FilterPill[] = [];
  for (const s of f.status)
    pills.push({ key: `status:${s}`, label: `Status: ${STATUS_LABELS[s]}`, without: { ...f, status: f.status.filter((x) => x !== s) } });
  for (const a of f.assignee) {
    const name = a === 'me' ? 'Me' : a === 'none' ? 'Unassigned' : userName(a);
    pills.push({ key: `assignee:${a}`, label: `Assignee: ${name}`, without: { ...f, assignee: f.assignee.filter((x) => x !== a) } });
  }
  if (f.channel) pills.push({ key: 'channel', label: `Channel: ${CHANNEL_LABELS[f.channel]}`, without: { ...f, channel: null } });
  if (f.from || f.to) {
    const label = f.from && f.to ? `${f.from} – ${f.to}` : f.from ? `from ${f.from}` : `until ${f.to}`;
    pills.push({ key: 'dates', label: `Date: ${label}`, without: { ...f, from: null, to: null } });
  }
  if (f.unread) pills.push({ key: 'unread', label: 'Unread', without: { ...f, unread: false } });
  if (f.requiresAction) pills.push({ key: 'action', label: 'Requires action', without: { ...f, requiresAction: false } });
  for (const r of f.replyState)
    pills.push({ key: `reply:${r}`, label: `Reply: ${REPLY_STATE_LABELS[r]}`, without: { ...f, replyState: f.replyState.filter((x) => x !== r) } });
  if (f.q.trim()) pills.push({ key: 'q', label: `Search: “${f.q.trim()}”`, without: { ...f, q: '' } });
  if (f.archived) pills.push({ key: 'archived', label: 'Archived', without: { ...f, archived: false } });
  if (f.groupBy) pills.push({ key: 'group', label: 'Grouped by customer', without: { ...f, groupBy: null } });
  return pills;
}
