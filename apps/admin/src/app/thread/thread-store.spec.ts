import { TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import type { MessageView, RealtimeEvent } from '@parley/contracts';
import { Subject } from 'rxjs';
import { ApiService } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { AuthService } from '../auth/auth.service';
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
    };
    frames.next(frame('draft.created', draft));
    expect(store.pendingDraft()?.id).toBe('d1');
    frames.next(frame('draft.updated', { id: 'd1', conversationId: 'c1', status: 'withdrawn' }));
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
