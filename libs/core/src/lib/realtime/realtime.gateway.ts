import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token-verifier';
import { Conversation } from '../conversation/conversation.entity';
import { EventBus } from './event-bus';
import { LiveStream, workspaceRoom } from './live-stream';
import { PresenceService, type PresenceState } from './presence.service';
import { frameFor } from './bus-frame';

interface SocketState {
  principal: Principal;
  conversations: Set<string>;
  expiry?: NodeJS.Timeout;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRESENCE_STATES: PresenceState[] = ['viewing', 'typing', 'left'];
/** setTimeout's limit; a token valid for longer is re-checked when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const state = (socket: Socket): SocketState => socket.data as SocketState;

/**
 * Socket.IO at `/realtime`. The handshake's `auth: {token, lastEventId?}` is checked before the
 * connection is accepted; the socket is disconnected when its token expires. It first receives every
 * event after `lastEventId` (or `resync` when that is older than retention), then live `event` frames of
 * its workspace. `presence` messages report what the operator is viewing or typing in.
 */
@WebSocketGateway({ path: '/realtime', cors: { origin: true, credentials: true }, serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: TokenVerifier,
    private readonly live: LiveStream,
    private readonly bus: EventBus,
    private readonly presence: PresenceService,
    private readonly orm: MikroORM,
  ) {}

  afterInit(server: Server): void {
    this.live.useServer(server);
    // Authentication before the connection exists: a refused socket never joins a room.
    server.use((socket, next) => {
      const token = socket.handshake.auth?.['token'] ?? /^Bearer\s+(\S+)$/i.exec(socket.handshake.headers.authorization ?? '')?.[1];
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized: missing token'));
      this.tokens.verify(token).then(
        ({ principal, expiresAt }) => {
          socket.data = { principal, conversations: new Set() } satisfies SocketState;
          if (expiresAt) this.expireAt(socket, expiresAt);
          next();
        },
        () => next(new Error('unauthorized: invalid or expired token')),
      );
    });
  }

  /** Replay, then live: the socket joins its workspace room only once it has caught up. */
  async handleConnection(socket: Socket): Promise<void> {
    const { principal } = state(socket);
    const lastEventId = socket.handshake.auth?.['lastEventId'];
    try {
      const { resync } = await this.live.attach(
        principal.workspaceId,
        typeof lastEventId === 'string' && lastEventId ? lastEventId : undefined,
        (event) => socket.emit('event', frameFor(event, principal.id)),
        // A socket that left during its replay must not be left behind in the room.
        () => {
          if (socket.connected) void socket.join(workspaceRoom(principal.workspaceId));
        },
      );
      if (resync) socket.emit('resync', resync);
      socket.emit('ready', { workspaceId: principal.workspaceId, lastEventId: resync?.lastEventId ?? (await this.bus.lastId(principal.workspaceId)) });
    } catch (err) {
      this.logger.warn(`realtime replay failed: ${(err as Error).message}`);
      socket.emit('error', { message: 'replay failed; reconnect with your lastEventId' });
      socket.disconnect(true);
    }
  }

  private expireAt(socket: Socket, expiresAt: Date): void {
    const ms = expiresAt.getTime() - Date.now();
    state(socket).expiry = setTimeout(
      () => {
        if (Date.now() < expiresAt.getTime()) return this.expireAt(socket, expiresAt);
        socket.emit('auth_expired', { message: 'token expired: reconnect with a new token and your lastEventId' });
        socket.disconnect(true);
      },
      Math.min(Math.max(ms, 0), MAX_TIMER_MS),
    );
  }

  @SubscribeMessage('presence')
  async onPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: { conversationId?: unknown; state?: unknown }) {
    const s = state(socket);
    const conversationId = typeof body?.conversationId === 'string' && UUID.test(body.conversationId) ? body.conversationId : null;
    const presence = PRESENCE_STATES.find((p) => p === body?.state);
    if (!conversationId || !presence) return { error: `presence needs conversationId (uuid) and state (${PRESENCE_STATES.join('|')})` };
    const exists = await this.orm.em.fork().count(Conversation, { id: conversationId, workspace: s.principal.workspaceId }, { filters: false });
    if (!exists) return { error: 'conversation not found' };
    if (presence === 'left') {
      s.conversations.delete(conversationId);
      await socket.leave(`conversation:${conversationId}`);
    } else {
      s.conversations.add(conversationId);
      await socket.join(`conversation:${conversationId}`);
    }
    return { viewers: await this.presence.update(s.principal, socket.id, conversationId, presence) };
  }

  handleDisconnect(socket: Socket): void {
    const s = socket.data as Partial<SocketState>;
    if (s.expiry) clearTimeout(s.expiry);
    if (s.principal && s.conversations?.size) void this.presence.leaveAll(s.principal.workspaceId, socket.id, s.conversations).catch(() => undefined);
  }
}
