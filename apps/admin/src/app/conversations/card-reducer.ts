import type { ConversationCounts, ConversationListItem, ConversationStatus, RealtimeEvent } from '@parley/contracts';
import type { ListFilters } from './filters';

/** What a live frame is checked against. */
export interface CardContext {
  filters: ListFilters;
  /** The signed-in user (for the `me` assignee filter). */
  meId: string | null;
  /** More pages exist below the loaded ones: a card older than the last loaded one belongs to them. */
  hasMore: boolean;
}

/** Lower case without accents, as the server's search folds text. */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Whether the search text matches the contact (name, email, phone digits); message words can only be checked by the server. */
function matchesContact(card: ConversationListItem, q: string): boolean {
  const words = fold(q).split(/\s+/).filter(Boolean);
  const hay = fold([card.contact.name, card.contact.email, card.contact.phone].filter(Boolean).join(' '));
  const digits = (card.contact.phone ?? '').replace(/\D/g, '');
  return words.every((w) => hay.includes(w) || (w.replace(/\D/g, '').length >= 3 && digits.includes(w.replace(/\D/g, ''))));
}

/**
 * Whether a card belongs under the filters, as far as the client can tell. With a search, a card the
 * list does not hold yet is taken only when its contact matches (the server also matches message words).
 */
export function matchesFilters(
  card: ConversationListItem,
  f: ListFilters,
  meId: string | null,
  opts: { ignoreStatus?: boolean; known?: boolean } = {},
): boolean {
  if (card.archived !== f.archived) return false;
  if (!opts.ignoreStatus && f.status.length && !f.status.includes(card.status)) return false;
  if (f.assignee.length) {
    const a = card.assignee?.id ?? null;
    const ok = f.assignee.some((x) => (x === 'none' ? a === null : x === 'me' ? a !== null && a === meId : a === x));
    if (!ok) return false;
  }
  if (f.channel && card.channel !== f.channel) return false;
  const day = card.lastActivityAt.slice(0, 10);
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  if (f.unread && !card.unread) return false;
  if (f.requiresAction && !card.requiresAction) return false;
  if (f.replyState.length && !f.replyState.includes(card.replyState)) return false;
  if (f.q.trim() && !opts.known && !matchesContact(card, f.q)) return false;
  return true;
}

/** List order: newest activity first (with "Requires action", SLA breaches first), ties by id. */
export function compareCards(a: ConversationListItem, b: ConversationListItem, f?: ListFilters): number {
  if (f?.requiresAction) {
    const ab = a.slaBreachedAt ? 0 : 1;
    const bb = b.slaBreachedAt ? 0 : 1;
    if (ab !== bb) return ab - bb;
  }
  if (a.lastActivityAt !== b.lastActivityAt) return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Inserts `card` at its sorted place (the list must already be sorted). */
function insertSorted(items: ConversationListItem[], card: ConversationListItem, f: ListFilters): ConversationListItem[] {
  const out = items.slice();
  let i = 0;
  while (i < out.length && compareCards(out[i], card, f) <= 0) i++;
  out.splice(i, 0, card);
  return out;
}

/**
 * Applies a `conversation.created|updated|deleted` frame to the loaded cards without refetching: a
 * card that now matches is inserted (or moved) at its place by last activity, one that no longer
 * matches leaves, a deleted one goes; a card already held is replaced, never duplicated. Returns the
 * same array when nothing changed.
 */
export function applyCardFrame(items: ConversationListItem[], frame: RealtimeEvent, ctx: CardContext): ConversationListItem[] {
  if (frame.type === 'conversation.deleted') {
    const i = items.findIndex((c) => c.id === frame.data.id);
    return i < 0 ? items : items.filter((c) => c.id !== frame.data.id);
  }
  if (frame.type !== 'conversation.created' && frame.type !== 'conversation.updated') return items;
  const card = frame.data;
  const f = ctx.filters;
  if (f.groupBy === 'contact') return applyGrouped(items, card, frame.type === 'conversation.created', ctx);

  const existing = items.findIndex((c) => c.id === card.id);
  const matches = matchesFilters(card, f, ctx.meId, { known: existing >= 0 });
  const rest = existing >= 0 ? items.filter((c) => c.id !== card.id) : items;
  if (!matches) return existing >= 0 ? rest : items;
  // Below the last loaded card while more pages exist: it will come with its page.
  const last = rest[rest.length - 1];
  if (ctx.hasMore && last && compareCards(card, last, f) > 0) return existing >= 0 ? rest : items;
  return insertSorted(rest, card, f);
}

/** Group by customer: one row per contact, the contact's newest matching conversation, with its count. */
function applyGrouped(items: ConversationListItem[], card: ConversationListItem, created: boolean, ctx: CardContext): ConversationListItem[] {
  const f = ctx.filters;
  const i = items.findIndex((c) => c.contact.id === card.contact.id);
  const row = i >= 0 ? items[i] : null;
  const matches = matchesFilters(card, f, ctx.meId, { known: !!row });
  if (!row) {
    if (!matches) return items;
    return insertSorted(items, { ...card, conversationCount: 1 }, f);
  }
  const count = row.conversationCount ?? 1;
  const rest = items.filter((_, j) => j !== i);
  if (row.id === card.id) {
    if (!matches) return count > 1 ? insertSorted(rest, { ...row, conversationCount: count - 1 }, f) : rest;
    return insertSorted(rest, { ...card, conversationCount: count }, f);
  }
  if (!matches) return items;
  const nextCount = created ? count + 1 : count;
  const shown = compareCards(card, row, f) < 0 ? card : row;
  return insertSorted(rest, { ...shown, conversationCount: nextCount }, f);
}

/**
 * How a frame moves the per-status counts (which ignore the status filter), from the card's previous
 * state. `null` when that cannot be known (an update or delete of a card never seen): refetch then.
 */
export function countsDelta(
  previous: ConversationListItem | undefined,
  frame: RealtimeEvent,
  f: ListFilters,
  meId: string | null,
): Partial<Record<ConversationStatus, number>> | null {
  const delta: Partial<Record<ConversationStatus, number>> = {};
  const add = (s: ConversationStatus, n: number) => (delta[s] = (delta[s] ?? 0) + n);
  const counted = (c: ConversationListItem) => matchesFilters(c, { ...f, q: '' }, meId, { ignoreStatus: true, known: true });
  if (f.q.trim()) return null;
  if (frame.type === 'conversation.deleted') {
    if (!previous) return null;
    if (counted(previous)) add(previous.status, -1);
    return delta;
  }
  if (frame.type !== 'conversation.created' && frame.type !== 'conversation.updated') return delta;
  if (!previous && frame.type === 'conversation.updated') return null;
  if (previous && counted(previous)) add(previous.status, -1);
  if (counted(frame.data)) add(frame.data.status, 1);
  return delta;
}

export function applyCountsDelta(counts: ConversationCounts, delta: Partial<Record<ConversationStatus, number>>): ConversationCounts {
  const next = { ...counts };
  for (const [s, n] of Object.entries(delta) as [ConversationStatus, number][]) next[s] = Math.max(0, (next[s] ?? 0) + n);
  return next;
}
