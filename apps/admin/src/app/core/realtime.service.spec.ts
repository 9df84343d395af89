import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideRouter } from '@angular/router';
import type { ConversationListItem, RealtimeEvent } from '@parley/contracts';
import type { Socket } from 'socket.io-client';
import { TOKEN_STORAGE_KEY } from '../auth/auth.service';
import { EventCursor, REALTIME_SOCKET_FACTORY, RealtimeService, compareEventIds } from './realtime.service';

/** A stand-in for socket.io-client: records handlers and the handshake, lets a test play the server. */
class FakeSocket {
  handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  connected = false;
  constructor(public options: { auth: (cb: (data: object) => void) => void }) {}
  on(event: string, fn: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  emit() {
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  connect() {
    return this;
  }
  /** What the client would send in the handshake now. */
  handshake(): Record<string, unknown> {
    let data: Record<string, unknown> = {};
    this.options.auth((d) => (data = d as Record<string, unknown>));
    return data;
  }
  serve(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
}

const frame = (id: string, convId = 'c1'): RealtimeEvent => ({
  id,
  type: 'conversation.updated',
  workspaceId: 'w',
  at: '2026-12-07T12:00:00Z',
  data: { id: convId } as ConversationListItem,
});

describe('event ids', () => {
  it('orders Redis stream ids numerically, not as strings', () => {
    expect(compareEventIds('1700000000000-10', '1700000000000-9')).toBe(1);
    expect(compareEventIds('999-0', '1000-0')).toBe(-1);
    expect(compareEventIds('5-5', '5-5')).toBe(0);
  });

  it('accepts only ids newer than the last accepted', () => {
    const c = new EventCursor();
    expect(c.accept('10-0')).toBe(true);
    expect(c.accept('10-0')).toBe(false);
    expect(c.accept('9-9')).toBe(false);
    expect(c.accept('10-1')).toBe(true);
    expect(c.lastEventId).toBe('10-1');
  });
});

describe('RealtimeService', () => {
  let sockets: FakeSocket[];
  let service: RealtimeService;

  beforeEach(() => {
    sockets = [];
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok-1');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        {
          provide: REALTIME_SOCKET_FACTORY,
          useValue: (options: ConstructorParameters<typeof FakeSocket>[0]) => {
            const s = new FakeSocket(options);
            sockets.push(s);
            return s as unknown as Socket;
          },
        },
      ],
    });
    service = TestBed.inject(RealtimeService);
    TestBed.tick();
  });

  afterEach(() => localStorage.clear());

  it('connects at /realtime with the token, and later with the last event id', () => {
    expect(sockets).toHaveLength(1);
    const s = sockets[0];
    expect((s.options as unknown as { path: string }).path).toBe('/realtime');
    expect(s.handshake()).toEqual({ token: 'tok-1' });
    s.serve('connect');
    s.serve('ready', { lastEventId: '100-0' });
    expect(service.status()).toBe('live');
    s.serve('event', frame('101-0'));
    expect(s.handshake()).toEqual({ token: 'tok-1', lastEventId: '101-0' });
  });

  it('publishes each frame once: a replay overlapping what was seen is dropped', () => {
    const seen: string[] = [];
    service.on('conversation.updated', (f) => seen.push(f.id));
    const s = sockets[0];
    s.serve('connect');
    s.serve('event', frame('5-0'));
    s.serve('event', frame('6-0'));
    // Connection drops; the server replays from the handshake id, and a live frame raced in before.
    s.serve('disconnect', 'transport close');
    s.serve('connect');
    s.serve('event', frame('6-0'));
    s.serve('event', frame('7-0'));
    s.serve('event', frame('5-0'));
    s.serve('event', frame('7-0'));
    expect(seen).toEqual(['5-0', '6-0', '7-0']);
    expect(service.reconnects()).toBe(1);
  });

  it('filters by type', () => {
    const got: string[] = [];
    service.events('conversation.deleted').subscribe((f) => got.push(f.type));
    sockets[0].serve('event', frame('1-0'));
    sockets[0].serve('event', { id: '2-0', type: 'conversation.deleted', workspaceId: 'w', at: '', data: { id: 'x' } });
    expect(got).toEqual(['conversation.deleted']);
  });

  it('on resync, ticks so stores refetch and continues from the server id', () => {
    const s = sockets[0];
    s.serve('connect');
    s.serve('event', frame('50-0'));
    s.serve('disconnect', 'transport close');
    s.serve('connect');
    s.serve('resync', { reason: 'too old', lastEventId: '900-0' });
    expect(service.resyncs()).toBe(1);
    expect(service.lastEventId).toBe('900-0');
    const seen: string[] = [];
    service.on('conversation.updated', (f) => seen.push(f.id));
    s.serve('event', frame('899-0'));
    s.serve('event', frame('901-0'));
    expect(seen).toEqual(['901-0']);
  });

  it('a live frame that arrived before the resync notice is not replayed again', () => {
    const s = sockets[0];
    s.serve('connect');
    s.serve('event', frame('950-0'));
    s.serve('resync', { reason: 'too old', lastEventId: '900-0' });
    expect(service.lastEventId).toBe('950-0');
  });
});
