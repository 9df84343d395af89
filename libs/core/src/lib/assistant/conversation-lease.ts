import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RedisClient } from '../redis/redis-client';

/** A turn holds its conversation this long at most; a crashed worker's lease simply expires. */
const LEASE_MS = 150_000;
const RELEASE_IF_OWNER = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** One assistant turn per conversation at a time, across every worker process (a Redis lease). */
@Injectable()
export class ConversationLease {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: RedisClient,
  ) {}

  /** Runs `work` holding the lease; returns `busy` without running it when another turn holds it. */
  async withLease<T>(conversationId: string, work: () => Promise<T>): Promise<{ busy: true } | { busy: false; result: T }> {
    const key = `${this.config.queuePrefix}:assistant-lease:${conversationId}`;
    const owner = randomUUID();
    if ((await this.client.redis.set(key, owner, 'PX', LEASE_MS, 'NX')) !== 'OK') return { busy: true };
    try {
      return { busy: false, result: await work() };
    } finally {
      await this.client.redis.eval(RELEASE_IF_OWNER, 1, key, owner).catch(() => undefined);
    }
  }
}
