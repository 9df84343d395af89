import type { DraftView, MessageView, NoteView, TimelineEventView } from '@parley/contracts';
import {
  applyNewestPage,
  authorLabel,
  buildThreadItems,
  describeTimeline,
  mergeDraft,
  mergeManyById,
  mergeMessage,
  mergeMessages,
  pendingDraft,
  retriedIds,
  sideOf,
  withinLoaded,
} from './thread-model';

const msg = (id: string, over: Partial<MessageView> = {}): MessageView => ({
  id,
  conversationId: 'c1',
  direction: 'inbound',
  author: { kind: 'contact' },
  body: `body ${id}`,
  attachments: [],
  channelAccountId: 'a1',
  deliveryStatus: 'received',
  aiGenerated: false,
  createdAt: '2026-05-01T10:00:00.000Z',
  ...over,
});
const note = (id: string, createdAt: string): NoteView => ({
  id,
  conversationId: 'c1',
  body: 'n',
  author: { id: 'u1', name: 'Maya', email: 'm@x' },
  createdAt,
});

describe('sides and labels', () => {
  it('puts the contact on one side and the assistant and operators on the other', () => {
    expect(sideOf(msg('1'))).toBe('contact');
    expect(sideOf(msg('2', { direction: 'outbound', author: { kind: 'ai' } }))).toBe('team');
    expect(sideOf(msg('3', { direction: 'outbound', author: { kind: 'operator', id: 'u1', name: 'Maya' } }))).toBe('team');
    expect(sideOf(msg('4', { direction: 'outbound', author: { kind: 'system' } }))).toBe('team');
  });

  it('labels contact / AI / operator name', () => {
    expect(authorLabel(msg('1'), 'Dana Ruiz')).toBe('Dana Ruiz');
    expect(authorLabel(msg('1'), null)).toBe('Contact');
    expect(authorLabel(msg('2', { author: { kind: 'ai' } }))).toBe('AI');
    expect(authorLabel(msg('3', { author: { kind: 'operator', name: 'Maya' } }))).toBe('Maya');
    expect(authorLabel(msg('3', { author: { kind: 'operator' } }))).toBe('Operator');
  });
});

describe('grouping', () => {
  it('groups runs of one author within five minutes, separates days and interleaves notes in time order', () => {
    const messages = [
      msg('1', { createdAt: '2026-05-01T10:00:00.000Z' }),
      msg('2', { createdAt: '2026-05-01T10:01:00.000Z' }),
      msg('3', { createdAt: '2026-05-01T10:20:00.000Z' }),
      msg('4', { createdAt: '2026-05-01T10:21:00.000Z', direction: 'outbound', author: { kind: 'ai' } }),
      msg('5', { createdAt: '2026-05-03T10:21:00.000Z', direction: 'outbound', author: { kind: 'ai' } }),
    ];
    const items = buildThreadItems(messages, [note('n1', '2026-05-01T10:20:30.000Z')], 'Dana', new Date('2026-05-03T12:00:00Z'));
    const rows = items.map((i) => (i.kind === 'day' ? `day` : `${i.key}${i.first ? '*' : ''}`));
    expect(rows).toEqual(['day', 'msg:1*', 'msg:2', 'msg:3*', 'note:n1*', 'msg:4*', 'day', 'msg:5*']);
    const first = items[1];
    expect(first.kind === 'message' && first.label).toBe('Dana');
  });
});

describe('merging live frames', () => {
  it('dedupes by id and keeps time order', () => {
    let list = mergeMessages([], [msg('1'), msg('3', { createdAt: '2026-05-01T10:02:00.000Z' })]);
    list = mergeMessage(list, msg('2', { createdAt: '2026-05-01T10:01:00.000Z' }));
    list = mergeMessage(list, msg('2', { createdAt: '2026-05-01T10:01:00.000Z' }));
    expect(list.map((m) => m.id)).toEqual(['1', '2', '3']);
  });

  it('returns the same array when a frame changes nothing', () => {
    const list = mergeMessages([], [msg('1')]);
    expect(mergeMessage(list, msg('1'))).toBe(list);
  });

  it('moves delivery status forward only', () => {
    const out = (s: MessageView['deliveryStatus'], extra: Partial<MessageView> = {}) =>
      msg('9', { direction: 'outbound', author: { kind: 'operator', name: 'Maya' }, deliveryStatus: s, ...extra });
    let list = mergeMessage([], out('queued'));
    list = mergeMessage(list, out('delivered'));
    list = mergeMessage(list, out('sent')); // late frame
    expect(list[0].deliveryStatus).toBe('delivered');
    list = mergeMessage(list, out('read'));
    expect(list[0].deliveryStatus).toBe('read');
    list = mergeMessage(list, out('failed', { error: { code: '30003', message: 'Unreachable handset' } }));
    expect(list[0].deliveryStatus).toBe('failed');
    list = mergeMessage(list, out('delivered'));
    expect(list[0].deliveryStatus).toBe('failed');
    expect(list[0].error?.message).toBe('Unreachable handset');
  });
});

describe('drafts', () => {
  const draft = (id: string, over: Partial<DraftView> = {}): DraftView => ({
    id,
    conversationId: 'c1',
    body: 'Hi',
    intent: 'pricing',
    risk: 'high',
    reason: 'r',
    status: 'pending',
    createdAt: '2026-05-01T10:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    messageId: null,
    sentBody: null,
    ...over,
  });

  it('takes the whole draft of every frame (withdrawn, approved) and keeps oldest first', () => {
    let list = mergeDraft([], draft('d2', { createdAt: '2026-05-01T11:00:00.000Z' }));
    list = mergeDraft(list, draft('d1'));
    expect(list.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(pendingDraft(list)?.id).toBe('d1');
    list = mergeDraft(list, draft('d1', { status: 'withdrawn', decisionNote: 'A human replied first' }));
    expect(list[0].decisionNote).toBe('A human replied first');
    expect(pendingDraft(list)?.id).toBe('d2');
  });
});

describe('a long thread loaded from its end', () => {
  const at = (i: number) => new Date(Date.UTC(2026, 4, 1, 10, 0, i)).toISOString();
  const m = (i: number, over: Partial<MessageView> = {}) => msg(`m${String(i).padStart(4, '0')}`, { createdAt: at(i), ...over });
  /** Newest first, as `order=desc` answers. */
  const page = (from: number, to: number, nextCursor: string | null) => ({ items: Array.from({ length: to - from }, (_, k) => m(to - 1 - k)), nextCursor });

  it('holds the newest page oldest first, then prepends older pages in one pass', () => {
    let held = applyNewestPage({ messages: [], olderCursor: null }, page(150, 200, 'c150'));
    expect(held.messages.map((x) => x.id).slice(0, 2)).toEqual(['m0150', 'm0151']);
    expect(held.messages.at(-1)?.id).toBe('m0199');
    expect(held.olderCursor).toBe('c150');
    const older = mergeMessages(held.messages, page(50, 150, 'c50').items);
    expect(older.length).toBe(150);
    expect(older[0].id).toBe('m0050');
    expect(older.every((x, i) => i === 0 || older[i - 1].createdAt <= x.createdAt)).toBe(true);
    held = { messages: older, olderCursor: 'c50' };
    // A reload whose newest page meets what is held merges and keeps the way back.
    const reloaded = applyNewestPage(held, page(160, 210, 'c160'));
    expect(reloaded.messages.length).toBe(160);
    expect(reloaded.olderCursor).toBe('c50');
  });

  it('replaces what is held when a reload page does not meet it (no hole), and knows a complete thread', () => {
    const held = { messages: page(0, 50, 'c0').items.slice().reverse(), olderCursor: 'c0' };
    const after = applyNewestPage(held, page(500, 550, 'c500'));
    expect(after.messages[0].id).toBe('m0500');
    expect(after.olderCursor).toBe('c500');
    expect(applyNewestPage({ messages: [], olderCursor: null }, page(0, 3, null)).olderCursor).toBeNull();
  });

  it('lets live items in only at or after the oldest held while older pages remain', () => {
    const list = [m(100), m(101)];
    expect(withinLoaded(list, true, m(102))).toBe(true);
    expect(withinLoaded(list, true, m(5, { deliveryStatus: 'failed' }))).toBe(false);
    expect(withinLoaded(list, false, m(5))).toBe(true);
    expect(withinLoaded(list, true, m(100, { deliveryStatus: 'delivered' }))).toBe(true);
  });

  it('merges pages of notes or timeline entries deduped and in order', () => {
    const e = (id: string, i: number) => ({ id, createdAt: at(i) });
    const list = mergeManyById([e('b', 2), e('c', 3)], [e('a', 1), e('b', 2)]);
    expect(list.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('knows which failed messages were retried', () => {
    const ids = retriedIds([m(1, { deliveryStatus: 'failed' }), m(2, { retryOf: 'm0001' }), m(3)]);
    expect([...ids]).toEqual(['m0001']);
  });
});

describe('timeline in words', () => {
  const event = (type: string, data: Record<string, unknown>, actor: TimelineEventView['actor'] = { kind: 'system', name: 'Parley' }): TimelineEventView => ({
    id: 't1',
    conversationId: 'c1',
    type,
    actor,
    data,
    createdAt: '2026-05-01T10:00:00.000Z',
  });

  it('says which address bounced and why', () => {
    expect(describeTimeline(event('contact.undeliverable', { address: 'jane@customer.test', reason: 'mailbox does not exist' }))).toBe(
      'jane@customer.test bounced: mailbox does not exist; messages to it will not be delivered',
    );
    expect(describeTimeline(event('contact.undeliverable', { address: 'jane@customer.test', reason: null }))).toBe(
      'jane@customer.test bounced (the address takes no more messages); messages to it will not be delivered',
    );
  });

  it('says which contact was merged in and by whom', () => {
    expect(describeTimeline(event('contact.merged', { fromName: 'Jane Doe', fromContactId: 'k2' }, { kind: 'operator', id: 'u1', name: 'Maya' }))).toBe(
      'Contact Jane Doe merged into this contact by Maya',
    );
    expect(describeTimeline(event('contact.merged', { fromName: null, fromContactId: 'k2' }, { kind: 'operator', name: 'Maya' }))).toBe(
      'Another contact merged into this contact by Maya',
    );
  });
});
