import { Inject, Injectable } from '@nestjs/common';
import type { PresenceViewer } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { eventPayload } from '../outbox/outbox.service';
import { RedisClient } from '../redis/redis-client';
import type { Principal } from '../auth/principal';
import { EventBus } from './event-bus';

export type PresenceState = 'viewing' | 'typing' | 'left';

/** A socket that stopped reporting (a crashed instance) is forgotten after this long. */
const ENTRY_TTL_SECONDS = 120;

interface Entry {
  userId: string;
  name: string;
  typing: boolean;
  at: string;
}

/**
 * Who is viewing and who is typing in each conversation, shared by every API instance through Redis
 * (one hash per conversation, one field per socket), announced as `presence.updated` events.
 */
@Injectable()
export class PresenceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly client: RedisClient,
  ) {}

  private get redis() {
    return this.client.redis;
  }

  private key(conversationId: string): string {
    return `${this.config.queuePrefix}:presence:${conversationId}`;
  }

  async update(principal: Principal, socketId: string, conversationId: string, state: PresenceState): Promise<PresenceViewer[]> {
    const key = this.key(conversationId);
    if (state === 'left') await this.redis.hdel(key, socketId);
    else {
      const entry: Entry = { userId: principal.id, name: principal.name, typing: state === 'typing', at: new Date().toISOString() };
      await this.redis.multi().hset(key, socketId, JSON.stringify(entry)).expire(key, ENTRY_TTL_SECONDS).exec();
    }
    return this.announce(principal.workspaceId, conversationId);
  }

  /** A socket went away: it leaves every conversation it was in. */
  async leaveAll(workspaceId: string, socketId: string, conversationIds: Iterable<string>): Promise<void> {
    for (const conversationId of conversationIds) {
      await this.redis.hdel(this.key(conversationId), socketId).catch(() => 0);
      await this.announce(workspaceId, conversationId).catch(() => undefined);
    }
  }

  private async announce(workspaceId: string, conversationId: string): Promise<PresenceViewer[]> {
    const entries = Object.values(await this.redis.hgetall(this.key(conversationId))).map((v) => JSON.parse(v) as Entry);
    const byUser = new Map<string, PresenceViewer>();
    for (const e of entries) {
      const seen = byUser.get(e.userId);
      byUser.set(e.userId, { userId: e.userId, name: e.name, typing: e.typing || (seen?.typing ?? false) });
    }
    const viewers = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
    await this.bus.append([{ workspaceId, payload: eventPayload(workspaceId, 'presence.updated', { conversationId, viewers }) }]);
    return viewers;
  }
}
