import { DestroyRef, Injectable, InjectionToken, effect, inject, signal } from '@angular/core';
import type { PresenceViewer, RealtimeEvent, RealtimeEventType, ResyncNotice } from '@parley/contracts';
import { Observable, Subject, filter } from 'rxjs';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { AuthService } from '../auth/auth.service';

/** What the socket needs of socket.io-client; a test swaps in a fake. */
export type SocketFactory = (options: Partial<ManagerOptions & SocketOptions>) => Socket;

export const REALTIME_SOCKET_FACTORY = new InjectionToken<SocketFactory>('REALTIME_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => io(options),
});

export type RealtimeStatus = 'offline' | 'connecting' | 'live';
export type PresenceState = 'viewing' | 'typing' | 'left';

/**
 * Orders realtime event ids. The server's ids are Redis stream ids `<ms>-<seq>`; anything else falls
 * back to plain string order (never throws).
 */
export function compareEventIds(a: string, b: string): number {
  const re = /^(\d{1,20})-(\d{1,20})$/;
  const ma = re.exec(a);
  const mb = re.exec(b);
  if (ma && mb) {
    const [am, as, bm, bs] = [BigInt(ma[1]), BigInt(ma[2]), BigInt(mb[1]), BigInt(mb[2])];
    if (am !== bm) return am < bm ? -1 : 1;
    return as === bs ? 0 : as < bs ? -1 : 1;
  }
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Remembers the newest event id applied; a frame at or below it (a replay overlapping live frames) is a duplicate. */
export class EventCursor {
  private last: string | null = null;

  get lastEventId(): string | null {
    return this.last;
  }

  /** True (and the cursor moves) when `id` is newer than every id accepted so far. */
  accept(id: string): boolean {
    if (this.last !== null && compareEventIds(id, this.last) <= 0) return false;
    this.last = id;
    return true;
  }

  /** Starts from `id` unless something newer was already accepted. */
  startAt(id: string): void {
    if (this.last === null || compareEventIds(id, this.last) > 0) this.last = id;
  }

  /** After a resync: continue from the server's id (older history is refetched over HTTP). */
  resetTo(id: string | null): void {
    this.last = id;
  }
}

/**
 * The workspace's live events over Socket.IO (`/realtime`). The handshake carries the token and the last
 * event id applied, so a reconnect replays what was missed; replayed frames already seen are dropped.
 * When the server cannot replay (`resync`), `resyncs` ticks: stores refetch over HTTP.
 *
 * Subscribe with `on('conversation.updated', frame => …)` (returns an unsubscribe function) or
 * `events('message.created')` (an Observable); both are typed by contracts' `RealtimeEventMap`.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthService);
  private readonly createSocket = inject(REALTIME_SOCKET_FACTORY);

  private readonly cursor = new EventCursor();
  private readonly frames = new Subject<RealtimeEvent>();
  private socket: Socket | null = null;
  private token: string | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** The newest id accepted since the current connection opened (a resync must not move behind it). */
  private newestThisConnection: string | null = null;
  /** Conversations this tab reports presence in, re-sent after a reconnect. */
  private readonly presences = new Map<string, PresenceState>();

  private readonly statusState = signal<RealtimeStatus>('offline');
  private readonly resyncState = signal(0);
  private readonly reconnectState = signal(0);

  /** `live` once the replay is done and frames flow. */
  readonly status = this.statusState.asReadonly();
  /** Ticks when the server could not replay the missed events: refetch what you show. */
  readonly resyncs = this.resyncState.asReadonly();
  /** Ticks on every (re)connection after the first: handy to re-send presence or re-check state. */
  readonly reconnects = this.reconnectState.asReadonly();

  constructor() {
    effect(() => {
      const token = this.auth.token();
      if (token !== this.token) {
        this.token = token;
        this.disconnect();
        // Another session (maybe another workspace): its ids mean nothing here.
        this.cursor.resetTo(null);
        if (token) this.connect();
      }
    });
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  get lastEventId(): string | null {
    return this.cursor.lastEventId;
  }

  /** Every frame of one type; returns the unsubscribe function. */
  on<K extends RealtimeEventType>(type: K, handler: (frame: RealtimeEvent<K>) => void): () => void {
    const sub = this.events(type).subscribe(handler);
    return () => sub.unsubscribe();
  }

  /** Frames of the given types (all frames when none is given). */
  events<K extends RealtimeEventType>(...types: K[]): Observable<RealtimeEvent<K>> {
    const wanted = new Set<RealtimeEventType>(types);
    return this.frames.pipe(filter((f) => wanted.size === 0 || wanted.has(f.type))) as unknown as Observable<RealtimeEvent<K>>;
  }

  /** Tells teammates this operator views, types in, or left a conversation; answers who is there. */
  async presence(conversationId: string, state: PresenceState): Promise<PresenceViewer[] | null> {
    if (state === 'left') this.presences.delete(conversationId);
    else this.presences.set(conversationId, state);
    const socket = this.socket;
    if (!socket?.connected) return null;
    try {
      const answer = (await socket.timeout(5000).emitWithAck('presence', { conversationId, state })) as { viewers?: PresenceViewer[]; error?: string };
      return answer?.viewers ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Applies one frame: dropped when its id is not newer than the last one applied (a replay overlapping
   * live frames), otherwise published. Public for tests and for an SSE fallback.
   */
  handleFrame(frame: RealtimeEvent): boolean {
    if (!frame || typeof frame.id !== 'string' || !this.cursor.accept(frame.id)) return false;
    this.newestThisConnection = frame.id;
    this.frames.next(frame);
    return true;
  }

  /** The server could not replay: continue from its id and tell stores to refetch. */
  handleResync(notice: ResyncNotice): void {
    const newest = this.newestThisConnection;
    this.cursor.resetTo(newest && compareEventIds(newest, notice.lastEventId) > 0 ? newest : notice.lastEventId);
    this.resyncState.update((n) => n + 1);
  }

  /** A fresh client (no id yet) starts where the server is. */
  handleReady(ready: { lastEventId?: string }): void {
    if (ready?.lastEventId) this.cursor.startAt(ready.lastEventId);
    this.statusState.set('live');
  }

  private connect(): void {
    if (this.socket || !this.token) return;
    this.statusState.set('connecting');
    let opened = 0;
    const socket = this.createSocket({
      path: '/realtime',
      transports: ['websocket', 'polling'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      // A function: every reconnection attempt sends the newest id applied, so the replay starts there.
      auth: (cb: (data: object) => void) => cb({ token: this.token, ...(this.cursor.lastEventId ? { lastEventId: this.cursor.lastEventId } : {}) }),
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.newestThisConnection = null;
      if (opened++ > 0) this.reconnectState.update((n) => n + 1);
      for (const [conversationId, state] of this.presences) socket.emit('presence', { conversationId, state });
    });
    socket.on('event', (frame: RealtimeEvent) => this.handleFrame(frame));
    socket.on('resync', (notice: ResyncNotice) => this.handleResync(notice));
    socket.on('ready', (ready: { lastEventId?: string }) => this.handleReady(ready));
    socket.on('auth_expired', () => {
      // The HTTP interceptor signs out on the next 401; check the session now.
      this.auth.loadMe().catch(() => undefined);
    });
    socket.on('connect_error', () => this.statusState.set('connecting'));
    socket.on('disconnect', (reason) => {
      this.statusState.set('offline');
      // The server closed it (replay failure, expired token): socket.io does not retry those by itself.
      if (reason === 'io server disconnect' && this.token) this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.socket && !this.socket.connected && this.token) {
        this.statusState.set('connecting');
        this.socket.connect();
      }
    }, 3000);
  }

  private disconnect(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.statusState.set('offline');
  }
}
