import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ConversationCounts, ConversationListItem, RealtimeEvent, RealtimeEventType } from '@parley/contracts';
import { Subject, filter } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { ApiService } from '../core/api.service';
import { AttentionService } from '../core/attention.service';
import { RealtimeService } from '../core/realtime.service';
import { ConversationStore } from './conversation-store';

function card(id: string, minutesAgo: number, patch: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id,
    status: 'ai_handling',
    contact: { id: `contact-${id}`, name: `Contact ${id}`, phone: null, email: null },
    channel: 'sms',
    channelAccountId: 'acc',
    assignee: null,
    lastMessagePreview: 'hi',
    lastActivityAt: new Date(Date.UTC(2026, 11, 7, 12, 0) - minutesAgo * 60_000).toISOString(),
    unread: true,
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

describe('ConversationStore (live)', () => {
  const frames = new Subject<RealtimeEvent>();
  let listCalls: number;
  let countCalls: number;
  let notified: number;
  let store: ConversationStore;
  const counts: ConversationCounts = { ai_handling: 2, human_handling: 0, resolved: 0, opted_out: 0 };

  beforeEach(async () => {
    listCalls = 0;
    countCalls = 0;
    notified = 0;
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        ConversationStore,
        {
          provide: ApiService,
          useValue: {
            conversations: async () => (listCalls++, { items: [card('a', 1), card('b', 5)], nextCursor: null }),
            conversationCounts: async () => (countCalls++, counts),
            users: async () => ({ items: [], nextCursor: null }),
          },
        },
        { provide: AuthService, useValue: { user: () => ({ id: 'me' }), token: () => null } },
        { provide: AttentionService, useValue: { notify: () => notified++ } },
        {
          provide: RealtimeService,
          useValue: {
            resyncs: () => 0,
            on: (type: RealtimeEventType, fn: (f: RealtimeEvent) => void) => {
              const sub = frames.pipe(filter((f) => f.type === type)).subscribe(fn);
              return () => sub.unsubscribe();
            },
          },
        },
      ],
    });
    store = TestBed.inject(ConversationStore);
    TestBed.tick();
    await new Promise((r) => setTimeout(r));
  });

  const send = (type: 'conversation.created' | 'conversation.updated', data: ConversationListItem) =>
    frames.next({ id: `1-${Math.random()}`, type, workspaceId: 'w', at: data.lastActivityAt, data });

  it('loads the first page and the counts', () => {
    expect(store.list().items.map((c) => c.id)).toEqual(['a', 'b']);
    expect(store.counts()).toEqual(counts);
    expect(listCalls).toBe(1);
  });

  it('applies frames in place: new card on top, moved card, counts, without refetching', () => {
    send('conversation.created', card('n', 0));
    send('conversation.updated', card('b', 0.5, { status: 'human_handling', escalationReason: 'Wants a human' }));
    expect(store.list().items.map((c) => c.id)).toEqual(['n', 'b', 'a']);
    expect(store.counts()).toEqual({ ai_handling: 2, human_handling: 1, resolved: 0, opted_out: 0 });
    expect(listCalls).toBe(1);
    expect(countCalls).toBe(1);
  });

  it('announces a new escalation once', () => {
    send('conversation.updated', card('a', 0, { status: 'human_handling' }));
    send('conversation.updated', card('a', 0, { status: 'human_handling', unread: false }));
    expect(notified).toBe(1);
  });

  it('drops a deleted conversation from the list and the selection', () => {
    store.toggleSelected('a');
    frames.next({ id: '9-0', type: 'conversation.deleted', workspaceId: 'w', at: '', data: { id: 'a' } });
    expect(store.list().items.map((c) => c.id)).toEqual(['b']);
    expect(store.selection().has('a')).toBe(false);
    expect(store.counts()?.ai_handling).toBe(1);
  });
});
