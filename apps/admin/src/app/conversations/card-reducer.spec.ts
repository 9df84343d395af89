import type { ConversationCounts, ConversationListItem, RealtimeEvent } from '@parley/contracts';
import { applyCardFrame, applyCountsDelta, countsDelta, type CardContext } from './card-reducer';
import { EMPTY_FILTERS, type ListFilters } from './filters';

function card(id: string, minutesAgo: number, patch: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id,
    status: 'ai_handling',
    contact: { id: `contact-${id}`, name: `Contact ${id}`, phone: '+15550111001', email: null },
    channel: 'sms',
    channelAccountId: 'acc',
    assignee: null,
    lastMessagePreview: 'hi',
    lastActivityAt: new Date(Date.UTC(2026, 11, 7, 12, 0) - minutesAgo * 60_000).toISOString(),
    unread: false,
    requiresAction: false,
    escalationReason: null,
    slaBreachedAt: null,
    bookings: [],
    campaign: null,
    replyState: 'awaiting_reply',
    assistantState: 'active',
    archived: false,
    deliveryFailed: false,
    ...patch,
  };
}

let seq = 0;
const frame = (type: 'conversation.created' | 'conversation.updated', data: ConversationListItem): RealtimeEvent => ({
  id: `1-${++seq}`,
  type,
  workspaceId: 'w',
  at: data.lastActivityAt,
  data,
});
const deleted = (id: string): RealtimeEvent => ({ id: `1-${++seq}`, type: 'conversation.deleted', workspaceId: 'w', at: '', data: { id } });
const ctx = (filters: Partial<ListFilters> = {}, hasMore = false): CardContext => ({ filters: { ...EMPTY_FILTERS, ...filters }, meId: 'me-id', hasMore });
const ids = (items: ConversationListItem[]) => items.map((c) => c.id);

describe('live card reducer', () => {
  const list = [card('a', 1), card('b', 5), card('c', 10)];

  it('inserts a new conversation at its place by last activity', () => {
    expect(ids(applyCardFrame(list, frame('conversation.created', card('n', 0)), ctx()))).toEqual(['n', 'a', 'b', 'c']);
    expect(ids(applyCardFrame(list, frame('conversation.created', card('n', 7)), ctx()))).toEqual(['a', 'b', 'n', 'c']);
  });

  it('moves an updated card to the top when it has new activity, replacing it (no duplicate)', () => {
    const out = applyCardFrame(list, frame('conversation.updated', card('c', 0, { lastMessagePreview: 'new!' })), ctx());
    expect(ids(out)).toEqual(['c', 'a', 'b']);
    expect(out[0].lastMessagePreview).toBe('new!');
  });

  it('applies the same frame twice without duplicating', () => {
    const f = frame('conversation.created', card('n', 0));
    const once = applyCardFrame(list, f, ctx());
    expect(ids(applyCardFrame(once, f, ctx()))).toEqual(['n', 'a', 'b', 'c']);
  });

  it('removes a card that no longer matches the filters, and a deleted one', () => {
    const f = ctx({ status: ['ai_handling'] });
    expect(ids(applyCardFrame(list, frame('conversation.updated', card('b', 5, { status: 'resolved' })), f))).toEqual(['a', 'c']);
    expect(ids(applyCardFrame(list, deleted('a'), ctx()))).toEqual(['b', 'c']);
    expect(applyCardFrame(list, deleted('zzz'), ctx())).toBe(list);
  });

  it('ignores cards outside the filters (archived tab, channel, assignee)', () => {
    expect(applyCardFrame(list, frame('conversation.created', card('n', 0, { archived: true })), ctx())).toBe(list);
    expect(applyCardFrame(list, frame('conversation.created', card('n', 0, { channel: 'email' })), ctx({ channel: 'sms' }))).toBe(list);
    expect(
      ids(
        applyCardFrame(list, frame('conversation.created', card('n', 0, { assignee: { id: 'me-id', name: 'Me', email: 'm@x' } })), ctx({ assignee: ['me'] })),
      ),
    ).toEqual(['n', 'a', 'b', 'c']);
    expect(applyCardFrame(list, frame('conversation.created', card('n', 0)), ctx({ assignee: ['me'] }))).toBe(list);
  });

  it('leaves a card older than the loaded pages to its page', () => {
    expect(applyCardFrame(list, frame('conversation.created', card('old', 60)), ctx({}, true))).toBe(list);
    expect(ids(applyCardFrame(list, frame('conversation.created', card('old', 60)), ctx({}, false)))).toEqual(['a', 'b', 'c', 'old']);
  });

  it('with a search, takes a new card only when its contact matches', () => {
    expect(applyCardFrame(list, frame('conversation.created', card('n', 0)), ctx({ q: 'nobody' }))).toBe(list);
    expect(
      ids(
        applyCardFrame(
          list,
          frame('conversation.created', card('n', 0, { contact: { id: 'x', name: 'José Núñez', phone: null, email: null } })),
          ctx({ q: 'jose' }),
        ),
      ),
    ).toEqual(['n', 'a', 'b', 'c']);
    // A card already listed (it matched on the server, maybe by message words) is kept and updated.
    expect(ids(applyCardFrame(list, frame('conversation.updated', card('c', 0)), ctx({ q: 'leak' })))).toEqual(['c', 'a', 'b']);
  });

  it('groups by customer: one row per contact, counting its conversations', () => {
    const grouped = [{ ...card('a', 1), conversationCount: 2 }];
    const second = card('a2', 0, { contact: grouped[0].contact });
    const out = applyCardFrame(grouped, frame('conversation.created', second), ctx({ groupBy: 'contact' }));
    expect(out).toHaveLength(1);
    expect(out[0].id).toBe('a2');
    expect(out[0].conversationCount).toBe(3);
    const other = applyCardFrame(out, frame('conversation.created', card('z', 0)), ctx({ groupBy: 'contact' }));
    expect(other.map((c) => [c.id, c.conversationCount])).toEqual([
      ['z', 1],
      ['a2', 3],
    ]);
  });
});

describe('live counts', () => {
  const counts: ConversationCounts = { ai_handling: 3, human_handling: 2, resolved: 1, opted_out: 0 };

  it('moves one from the old status to the new one', () => {
    const before = card('a', 1);
    const delta = countsDelta(before, frame('conversation.updated', { ...before, status: 'human_handling' }), EMPTY_FILTERS, null);
    expect(applyCountsDelta(counts, delta ?? {})).toEqual({ ai_handling: 2, human_handling: 3, resolved: 1, opted_out: 0 });
  });

  it('counts a new conversation and a deleted one', () => {
    expect(countsDelta(undefined, frame('conversation.created', card('n', 0)), EMPTY_FILTERS, null)).toEqual({ ai_handling: 1 });
    expect(countsDelta(card('a', 1, { status: 'resolved' }), deleted('a'), EMPTY_FILTERS, null)).toEqual({ resolved: -1 });
  });

  it('ignores the status filter but not the others', () => {
    const f = { ...EMPTY_FILTERS, status: ['resolved' as const], channel: 'email' as const };
    expect(countsDelta(undefined, frame('conversation.created', card('n', 0)), f, null)).toEqual({});
    expect(countsDelta(undefined, frame('conversation.created', card('n', 0, { channel: 'email' })), f, null)).toEqual({ ai_handling: 1 });
  });

  it('asks for a refetch when the previous state is unknown', () => {
    expect(countsDelta(undefined, frame('conversation.updated', card('a', 0)), EMPTY_FILTERS, null)).toBeNull();
    expect(countsDelta(undefined, deleted('a'), EMPTY_FILTERS, null)).toBeNull();
  });
});
