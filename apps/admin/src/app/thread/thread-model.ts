import { DELIVERY_STATUSES, type DeliveryStatus, type DraftView, type MessageView, type NoteView, type TimelineEventView } from '@parley/contracts';

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

/** Many messages at once (a page): each merged as above. */
export function mergeMessages(list: readonly MessageView[], incoming: readonly MessageView[]): readonly MessageView[] {
  return incoming.reduce<readonly MessageView[]>(mergeMessage, list);
}

/** Notes and timeline entries never change: deduped by id, kept in time order. */
export function mergeById<T extends { id: string; createdAt: string }>(list: readonly T[], incoming: T): readonly T[] {
  return list.some((x) => x.id === incoming.id) ? list : insertSorted(list, incoming);
}

/**
 * Drafts: deduped by id, newest state wins. A frame may carry only part of a draft (the server's
 * "withdrawn because a human replied" frame is `{id, conversationId, status}`), so fields merge.
 */
export function mergeDraft(list: readonly DraftView[], incoming: Partial<DraftView> & { id: string }): readonly DraftView[] {
  const at = list.findIndex((d) => d.id === incoming.id);
  if (at < 0) return isFullDraft(incoming) ? insertSorted(list, incoming) : list;
  const next = list.slice();
  next[at] = { ...list[at], ...incoming };
  return next;
}

function isFullDraft(d: Partial<DraftView>): d is DraftView {
  return typeof d.body === 'string' && typeof d.createdAt === 'string' && typeof d.conversationId === 'string';
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
