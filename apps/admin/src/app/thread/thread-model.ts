import { DELIVERY_STATUSES, type DeliveryStatus, type DraftView, type MessageView, type NoteView, type Page, type TimelineEventView } from '@parley/contracts';

/** Which column a message sits in: the customer on the left, the assistant and operators on the right. */
export type Side = 'contact' | 'team';

/** One row of the thread's virtual list. */
export type ThreadItem =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: MessageView; side: Side; label: string; first: boolean }
  | { kind: 'note'; key: string; note: NoteView; label: string; first: boolean };

/** Messages that arrive within this gap from the same author are grouped (label shown once). */
export const GROUP_GAP_MS = 5 * 60_000;

export function sideOf(m: Pick<MessageView, 'direction' | 'author'>): Side {
  if (m.author.kind === 'contact') return 'contact';
  if (m.author.kind === 'ai' || m.author.kind === 'operator') return 'team';
  return m.direction === 'inbound' ? 'contact' : 'team';
}

/** "contact name" / "AI" / the operator's name, as the thread labels each message. */
export function authorLabel(m: Pick<MessageView, 'author' | 'direction'>, contactName?: string | null): string {
  switch (m.author.kind) {
    case 'contact':
      return contactName?.trim() || m.author.name || 'Contact';
    case 'ai':
      return 'AI';
    case 'operator':
      return m.author.name || 'Operator';
    default:
      return m.author.name || (m.direction === 'inbound' ? contactName?.trim() || 'Contact' : 'System');
  }
}

/** A delivery status's place on its one-way road (`received` … `read`, then the terminal `failed`/`bounced`). */
export function deliveryRank(s: DeliveryStatus): number {
  return DELIVERY_STATUSES.indexOf(s);
}

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Inserts `item` in (createdAt, id) order; appending, the common case, costs nothing more than a push. */
function insertSorted<T extends { createdAt: string; id: string }>(list: readonly T[], item: T): T[] {
  let i = list.length;
  while (i > 0 && byTime(list[i - 1], item) > 0) i--;
  return [...list.slice(0, i), item, ...list.slice(i)];
}

/**
 * A message (from a REST answer or a `message.*` frame) merged into a sorted list: deduped by id, and
 * its delivery status only ever moves forward (a late `sent` never undoes `delivered`). Returns the same
 * array when nothing changed, so signals do not notify.
 */
export function mergeMessage(list: readonly MessageView[], incoming: MessageView): readonly MessageView[] {
  const at = list.findIndex((m) => m.id === incoming.id);
  if (at < 0) return insertSorted(list, incoming);
  const current = list[at];
  const forward = deliveryRank(incoming.deliveryStatus) >= deliveryRank(current.deliveryStatus);
  const merged: MessageView = forward
    ? { ...current, ...incoming, collision: incoming.collision ?? current.collision }
    : { ...current, ...incoming, deliveryStatus: current.deliveryStatus, error: current.error, collision: current.collision };
  if (sameMessage(current, merged)) return list;
  const next = list.slice();
  next[at] = merged;
  return next;
}

function sameMessage(a: MessageView, b: MessageView): boolean {
  return (
    a.deliveryStatus === b.deliveryStatus &&
    a.body === b.body &&
    a.html === b.html &&
    a.intent === b.intent &&
    a.error?.message === b.error?.message &&
    a.attachments.length === b.attachments.length &&
    a.collision === b.collision
  );
}

/** Many messages at once (a page, older or newer): known ones merged as above, new ones placed in time order in one pass. */
export function mergeMessages(list: readonly MessageView[], incoming: readonly MessageView[]): readonly MessageView[] {
  if (!incoming.length) return list;
  const known = new Set(list.map((m) => m.id));
  let out = list;
  const fresh = new Map<string, MessageView>();
  for (const m of incoming) {
    if (known.has(m.id)) out = mergeMessage(out, m);
    else fresh.set(m.id, m);
  }
  return fresh.size ? mergeSorted(out, [...fresh.values()].sort(byTime)) : out;
}

/** Two lists sorted by (createdAt, id) as one, in O(n + m): a page of 200 older messages costs one copy of the thread. */
function mergeSorted<T extends { createdAt: string; id: string }>(a: readonly T[], b: readonly T[]): T[] {
  if (!a.length) return b.slice();
  if (byTime(a[a.length - 1], b[0]) <= 0) return [...a, ...b];
  if (byTime(b[b.length - 1], a[0]) <= 0) return [...b, ...a];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byTime(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Notes and timeline entries never change: deduped by id, kept in time order. */
export function mergeById<T extends { id: string; createdAt: string }>(list: readonly T[], incoming: T): readonly T[] {
  return list.some((x) => x.id === incoming.id) ? list : insertSorted(list, incoming);
}

/** A page of notes or timeline entries (either order) merged in one pass. */
export function mergeManyById<T extends { id: string; createdAt: string }>(list: readonly T[], incoming: readonly T[]): readonly T[] {
  const known = new Set(list.map((x) => x.id));
  const fresh = new Map<string, T>();
  for (const x of incoming) if (!known.has(x.id)) fresh.set(x.id, x);
  return fresh.size ? mergeSorted(list, [...fresh.values()].sort(byTime)) : list;
}

/**
 * Drafts: deduped by id, the newest state wins (every `draft.*` frame and REST answer is the whole
 * DraftView). Kept in time order, oldest first.
 */
export function mergeDraft(list: readonly DraftView[], incoming: DraftView): readonly DraftView[] {
  const at = list.findIndex((d) => d.id === incoming.id);
  if (at < 0) return insertSorted(list, incoming);
  const next = list.slice();
  next[at] = incoming;
  return next;
}

/**
 * A thread loaded from its end: the messages held (oldest first) and the cursor of the page before
 * them (null once the first message is held).
 */
export interface LoadedThread {
  messages: readonly MessageView[];
  olderCursor: string | null;
}

/**
 * The newest page (`order=desc`) applied to what is held: on first open it is the thread; on a reload
 * (reconnect, resync) it is merged when it meets what is held, and replaces it when it does not (more
 * messages arrived meanwhile than a page holds: keeping the old ones would leave a hole).
 */
export function applyNewestPage(held: LoadedThread, page: Page<MessageView>): LoadedThread {
  const fresh = { messages: mergeMessages([], page.items), olderCursor: page.nextCursor };
  if (!held.messages.length) return fresh;
  const known = new Set(held.messages.map((m) => m.id));
  const meets = !page.nextCursor || page.items.some((m) => known.has(m.id));
  if (!meets) return fresh;
  return { messages: mergeMessages(held.messages, page.items), olderCursor: page.nextCursor === null ? null : held.olderCursor };
}

/**
 * Whether a live item belongs in a list loaded from its end: anything at or after the oldest held item;
 * an older one (a status change of a message not paged in yet) comes with its page instead.
 */
export function withinLoaded<T extends { id: string; createdAt: string }>(list: readonly T[], hasOlder: boolean, item: T): boolean {
  if (!hasOlder || !list.length) return true;
  return byTime(item, list[0]) >= 0 || list.some((x) => x.id === item.id);
}

/** The ids of failed messages that a later message retried (`retryOf`): their Retry is done. */
export function retriedIds(messages: readonly MessageView[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const m of messages) if (m.retryOf) ids.add(m.retryOf);
  return ids;
}

/** The oldest pending draft of a conversation: the one shown above the composer. */
export function pendingDraft(drafts: readonly DraftView[]): DraftView | null {
  return drafts.find((d) => d.status === 'pending') ?? null;
}

/** Local calendar day key (YYYY-MM-DD) of an ISO time. */
function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function dayLabel(iso: string, now = new Date()): string {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday.toISOString())) return 'Yesterday';
  const d = new Date(iso);
  return d.toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(d.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
  });
}

/**
 * Messages and internal notes as the rows of the thread, in time order, with a day separator where the
 * day changes; `first` marks the first of a run from the same author (where the label is shown).
 */
export function buildThreadItems(messages: readonly MessageView[], notes: readonly NoteView[], contactName?: string | null, now = new Date()): ThreadItem[] {
  const items: ThreadItem[] = [];
  let mi = 0;
  let ni = 0;
  let lastDay = '';
  let lastAuthor = '';
  let lastAt = 0;
  while (mi < messages.length || ni < notes.length) {
    const takeNote = ni < notes.length && (mi >= messages.length || byTime(notes[ni], messages[mi]) < 0);
    const at = takeNote ? notes[ni].createdAt : messages[mi].createdAt;
    const day = dayKey(at);
    if (day !== lastDay) {
      items.push({ kind: 'day', key: `day:${day}`, label: dayLabel(at, now) });
      lastDay = day;
      lastAuthor = '';
    }
    const time = Date.parse(at);
    if (takeNote) {
      const note = notes[ni++];
      const author = `note:${note.author?.id ?? ''}`;
      items.push({
        kind: 'note',
        key: `note:${note.id}`,
        note,
        label: note.author?.name ?? 'Note',
        first: author !== lastAuthor || time - lastAt > GROUP_GAP_MS,
      });
      lastAuthor = author;
    } else {
      const message = messages[mi++];
      const label = authorLabel(message, contactName);
      const author = `${message.author.kind}:${message.author.id ?? label}`;
      items.push({
        kind: 'message',
        key: `msg:${message.id}`,
        message,
        side: sideOf(message),
        label,
        first: author !== lastAuthor || time - lastAt > GROUP_GAP_MS,
      });
      lastAuthor = author;
    }
    lastAt = time;
  }
  return items;
}

/** The newest message id (what the operator has seen when they send: `seenMessageId`). */
export function lastMessageId(messages: readonly MessageView[]): string | undefined {
  return messages.at(-1)?.id;
}

/** Timeline entries in words for the Activity tab. */
export function describeTimeline(e: TimelineEventView): string {
  const d = e.data as Record<string, string | undefined>;
  const who = e.actor.name ?? (e.actor.kind === 'ai' ? 'AI' : e.actor.kind === 'contact' ? 'Contact' : e.actor.kind === 'system' ? 'System' : 'Operator');
  const reason = d['reason'] ? `: ${d['reason']}` : '';
  switch (e.type) {
    case 'conversation.created':
      return 'Conversation started';
    case 'message.received':
      return 'Message received';
    case 'message.sent':
      return `${who} sent a message`;
    case 'note.added':
      return `${who} added a note`;
    case 'status.changed':
      return `Status ${d['from'] ? `${label(d['from'])} → ` : 'changed to '}${label(d['to'] ?? d['status'])}${reason}`;
    case 'assistant.changed':
      return `Assistant ${d['state'] ?? d['to'] ?? 'changed'} by ${who}`;
    case 'assigned':
      return `Assigned to ${d['assigneeName'] ?? d['name'] ?? 'an operator'} by ${who}`;
    case 'unassigned':
      return `Unassigned by ${who}`;
    case 'escalated':
      return `Escalated by ${who}${reason}`;
    case 'resolved':
      return `Resolved by ${who}`;
    case 'reopened':
      return `Reopened by ${who}`;
    case 'archived':
      return `Archived by ${who}`;
    case 'unarchived':
      return `Unarchived by ${who}`;
    case 'booking.created':
      return `Booked ${d['jobType'] ?? 'a job'}${d['externalId'] ? ` (${d['externalId']})` : ''}`;
    case 'booking.cancelled':
      return `Booking ${d['externalId'] ?? ''} cancelled`.replace('  ', ' ');
    case 'activity.logged':
      return `${d['type'] === 'linkedin' ? 'LinkedIn' : label(d['type'])} ${label(d['kind'])} logged by ${who}${d['body'] ? `: ${d['body']}` : ''}`;
    case 'contact.ai_paused':
      return `AI paused for this contact by ${who}${reason}`;
    case 'contact.ai_resumed':
      return `AI resumed for this contact by ${who}`;
    case 'contact.undeliverable':
      return `${d['address'] ?? 'The address'} bounced${reason || ' (the address takes no more messages)'}; messages to it will not be delivered`;
    case 'contact.merged':
      return `${d['fromName'] ? `Contact ${d['fromName']}` : 'Another contact'} merged into this contact by ${who}`;
    case 'ai.decision':
      return `AI decided to ${label(d['decision'] ?? d['action'] ?? 'act')}${reason}`;
    case 'draft.created':
      return `AI drafted a reply for approval${reason}`;
    case 'draft.approved':
      return `${who} approved the AI draft`;
    case 'draft.rejected':
      return `${who} rejected the AI draft${reason}`;
    case 'opportunity.stage_changed':
      return `Opportunity stage ${d['previousStage'] ? `${d['previousStage']} → ` : 'changed to '}${d['stage'] ?? ''}`;
    case 'sequence.enrolled':
      return `Enrolled in sequence ${d['sequence'] ?? ''}`.trim();
    case 'campaign.enrolled':
      return `Enrolled in campaign ${d['campaignName'] ?? d['name'] ?? ''}`.trim();
    case 'sla.breached':
      return 'Escalation waited past the SLA';
    case 'follow_up.sent':
      return 'Follow-up sent';
    default:
      return label(e.type);
  }
}

/** `human_handling` → "Human handling". */
export function label(v: string | undefined | null): string {
  if (!v) return '';
  const s = v.replace(/[._]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
