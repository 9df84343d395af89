import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import type { MessageView, RealtimeEvent } from '@parley/contracts';
import { Subject } from 'rxjs';
import { ApiService } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { AuthService } from '../auth/auth.service';
import { ThreadApi } from './thread-api';
import { ThreadStore } from './thread-store';

const msg = (id: string, over: Partial<MessageView> = {}): MessageView => ({
  id,
  conversationId: 'c1',
  direction: 'outbound',
  author: { kind: 'operator', id: 'u2', name: 'Maya' },
  body: id,
  attachments: [],
  channelAccountId: 'a1',
  deliveryStatus: 'queued',
  aiGenerated: false,
  createdAt: `2026-05-01T10:00:0${id.length}.000Z`,
  ...over,
});
const frame = <T extends RealtimeEvent['type']>(type: T, data: unknown, id = '1-0') => ({ id, type, workspaceId: 'w', at: '', data }) as RealtimeEvent;

describe('ThreadStore live frames', () => {
  let frames: Subject<RealtimeEvent>;
  let store: ThreadStore;

  beforeEach(() => {
    frames = new Subject();
    const never = () => new Promise(() => undefined);
    TestBed.configureTestingModule({
      providers: [
        ThreadStore,
        { provide: ApiService, useValue: { conversation: never, messages: never, drafts: never, notes: never, timeline: never, users: never } },
        { provide: ThreadApi, useValue: { messagesPage: never, timelinePage: never } },
        { provide: RealtimeService, useValue: { events: () => frames.asObservable(), resyncs: signal(0), presence: () => Promise.resolve(null) } },
        { provide: AuthService, useValue: { user: signal({ id: 'me' }) } },
      ],
    });
    store = TestBed.inject(ThreadStore);
    store.open('c1');
  });

  it('grows the open thread from frames, deduped by id, ignoring other conversations', () => {
    frames.next(frame('message.created', msg('m1')));
    frames.next(frame('message.created', msg('m1')));
    frames.next(frame('message.created', msg('x', { conversationId: 'other' })));
    frames.next(frame('note.created', { id: 'n1', conversationId: 'c1', body: 'b', author: null, createdAt: '2026-05-01T10:00:05.000Z' }));
    frames.next(frame('note.created', { id: 'n1', conversationId: 'c1', body: 'b', author: null, createdAt: '2026-05-01T10:00:05.000Z' }));
    expect(store.messages().map((m) => m.id)).toEqual(['m1']);
    expect(store.notes().length).toBe(1);
    expect(store.items().filter((i) => i.kind !== 'day').length).toBe(2);
  });

  it('moves delivery status forward only', () => {
    frames.next(frame('message.created', msg('m1')));
    frames.next(frame('message.updated', msg('m1', { deliveryStatus: 'delivered' })));
    frames.next(frame('message.updated', msg('m1', { deliveryStatus: 'sent' })));
    expect(store.messages()[0].deliveryStatus).toBe('delivered');
  });

  it('shows a pending draft and drops it when a frame withdraws it', () => {
    const draft = {
      id: 'd1',
      conversationId: 'c1',
      body: 'Hi',
      intent: null,
      risk: 'low',
      reason: null,
      status: 'pending',
      createdAt: '2026-05-01T10:00:00.000Z',
      decidedAt: null,
      decidedBy: null,
      decisionNote: null,
      messageId: null,
      sentBody: null,
    };
    frames.next(frame('draft.created', draft));
    expect(store.pendingDraft()?.id).toBe('d1');
    frames.next(frame('draft.updated', { ...draft, status: 'withdrawn', decisionNote: 'A human replied first' }));
    expect(store.pendingDraft()).toBeNull();
  });

  it('shows teammates, not me, from presence frames; notices deletion', () => {
    frames.next(
      frame('presence.updated', {
        conversationId: 'c1',
        viewers: [
          { userId: 'me', name: 'Alex', typing: false },
          { userId: 'u2', name: 'Maya', typing: true },
        ],
      }),
    );
    expect(store.others().map((v) => v.name)).toEqual(['Maya']);
    frames.next(frame('conversation.deleted', { id: 'c1' }));
    expect(store.deleted()).toBe(true);
  });
});

const at = (i: number) => new Date(Date.UTC(2026, 4, 1, 10, 0, 0, i)).toISOString();
const numbered = (i: number, over: Partial<MessageView> = {}) => msg(`m${String(i).padStart(5, '0')}`, { createdAt: at(i), ...over });
/** A 5,000-message thread as `GET …/messages?order=desc` pages it. */
function descPage(q: { limit?: number; cursor?: string | null; order?: string }) {
  const end = q.cursor ? Number(q.cursor) : 5000;
  const start = Math.max(0, end - (q.limit ?? 50));
  const items = Array.from({ length: end - start }, (_, k) => numbered(end - 1 - k));
  return Promise.resolve({ items, nextCursor: start > 0 ? String(start) : null });
}
const conversationView = {
  id: 'c1',
  contact: { id: 'k1', name: 'Dana', phone: null, email: null },
  channelAccountId: 'a1',
  messagingWindow: { hours: 24, open: false, closesAt: '2026-05-01T00:00:00.000Z' },
  unread: false,
};
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('ThreadStore paging a long thread', () => {
  let frames: Subject<RealtimeEvent>;
  let store: ThreadStore;
  let messagesPage: jest.Mock;
  let retryMessage: jest.Mock;
  let legacyMessages: jest.Mock;

  beforeEach(() => {
    frames = new Subject();
    messagesPage = jest.fn((_id: string, q: { limit?: number; cursor?: string | null; order?: string }) => descPage(q));
    retryMessage = jest.fn();
    legacyMessages = jest.fn();
    const empty = () => Promise.resolve({ items: [], nextCursor: null });
    TestBed.configureTestingModule({
      providers: [
        ThreadStore,
        {
          provide: ApiService,
          useValue: {
            conversation: () => Promise.resolve(conversationView),
            messages: legacyMessages,
            drafts: empty,
            notes: empty,
            users: empty,
          },
        },
        { provide: ThreadApi, useValue: { messagesPage, timelinePage: empty, retryMessage } },
        { provide: RealtimeService, useValue: { events: () => frames.asObservable(), resyncs: signal(0), presence: () => Promise.resolve(null) } },
        { provide: AuthService, useValue: { user: signal({ id: 'me' }) } },
      ],
    });
    store = TestBed.inject(ThreadStore);
  });

  it('opens with one request for the newest page and pages back on demand, keeping time order', async () => {
    store.open('c1');
    await flush();
    expect(messagesPage).toHaveBeenCalledTimes(1);
    expect(messagesPage.mock.calls[0][1]).toEqual({ order: 'desc', limit: 50 });
    expect(legacyMessages).not.toHaveBeenCalled();
    expect(store.messages().length).toBe(50);
    expect(store.messages().at(-1)?.id).toBe('m04999');
    expect(store.hasOlder()).toBe(true);

    await store.loadOlder();
    expect(messagesPage.mock.calls[1][1]).toEqual({ order: 'desc', limit: 100, cursor: '4950' });
    expect(store.messages().length).toBe(150);
    expect(store.messages()[0].id).toBe('m04850');
    expect(store.items()[0].kind).toBe('day');
  });

  it('ignores a second page-back while one is out, and stops at the first message', async () => {
    messagesPage.mockImplementation((_id: string, q: { limit?: number; cursor?: string | null }) => descPage({ ...q, limit: q.cursor ? 5000 : 50 }));
    store.open('c1');
    await flush();
    const a = store.loadOlder();
    const b = store.loadOlder();
    await Promise.all([a, b]);
    expect(messagesPage).toHaveBeenCalledTimes(2);
    expect(store.messages().length).toBe(5000);
    expect(store.hasOlder()).toBe(false);
    await store.loadOlder();
    expect(messagesPage).toHaveBeenCalledTimes(2);
  });

  it('keeps appending live messages; a frame about a message not paged in yet waits for its page', async () => {
    store.open('c1');
    await flush();
    frames.next(frame('message.created', numbered(5000, { direction: 'inbound', author: { kind: 'contact' }, deliveryStatus: 'received' })));
    expect(store.messages().at(-1)?.id).toBe('m05000');
    frames.next(frame('message.updated', numbered(10, { deliveryStatus: 'failed' })));
    expect(store.messages().some((m) => m.id === 'm00010')).toBe(false);
    expect(store.messages().length).toBe(51);
    // The contact's message reopened the messaging window from its time.
    expect(store.conversation()?.messagingWindow?.closesAt).toBe(new Date(Date.parse(at(5000)) + 24 * 3600_000).toISOString());
  });

  it('retries through the API once; the failed message is then marked retried', async () => {
    store.open('c1');
    await flush();
    const failed = numbered(4999);
    retryMessage.mockResolvedValue(numbered(5001, { retryOf: failed.id }));
    await Promise.all([store.retry(failed), store.retry(failed)]);
    expect(retryMessage).toHaveBeenCalledTimes(1);
    expect(retryMessage).toHaveBeenCalledWith('c1', failed.id);
    expect(store.retried().has(failed.id)).toBe(true);
    expect(store.messages().at(-1)?.retryOf).toBe(failed.id);
  });

  it('keeps the refusal of a Retry in words, by message', async () => {
    store.open('c1');
    await flush();
    const http = (status: number, message: string) => new HttpErrorResponse({ status, error: { statusCode: status, message } });
    retryMessage.mockRejectedValueOnce(http(409, 'Only a failed message the provider never accepted can be retried'));
    await store.retry(numbered(4990));
    expect(store.retryErrors().get('m04990')).toMatch(/provider accepted this message/);
    retryMessage.mockRejectedValueOnce(http(409, 'This message was already retried'));
    await store.retry(numbered(4991));
    expect(store.retryErrors().get('m04991')).toMatch(/^Already retried/);
    retryMessage.mockRejectedValueOnce(http(422, 'A message with attachments is retried by sending the files again'));
    await store.retry(numbered(4992));
    expect(store.retryErrors().get('m04992')).toMatch(/Attach them again/);
    expect(store.retrying().size).toBe(0);
  });
});
