import type { DraftView, MessageView, NoteView } from '@parley/contracts';
import { authorLabel, buildThreadItems, mergeDraft, mergeMessage, mergeMessages, pendingDraft, sideOf } from './thread-model';

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

  it('merges a partial "withdrawn" frame into the known draft and ignores a partial unknown one', () => {
    let list = mergeDraft([], draft('d1'));
    expect(pendingDraft(list)?.id).toBe('d1');
    list = mergeDraft(list, { id: 'd1', conversationId: 'c1', status: 'withdrawn' });
    expect(list[0].body).toBe('Hi');
    expect(pendingDraft(list)).toBeNull();
    expect(mergeDraft(list, { id: 'd2', status: 'pending' })).toBe(list);
  });
});
