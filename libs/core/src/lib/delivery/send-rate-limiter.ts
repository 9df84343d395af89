import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redisOptions } from '../outbox/queues';

export const DEFAULT_SENDS_PER_SECOND = 10;

/** Sends per second per channel account, shared by every worker through Redis. */
@Injectable()
export class SendRateLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = new Redis({ ...redisOptions(config.redisUrl), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  /** 0 when the send may go now, else how many ms to wait. */
  async reserve(channelAccountId: string, perSecond = DEFAULT_SENDS_PER_SECOND): Promise<number> {
    let limiter = this.limiters.get(perSecond);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${this.config.queuePrefix}:send-rate:${perSecond}`, points: perSecond, duration: 1 });
      this.limiters.set(perSecond, limiter);
    }
    try {
      await limiter.consume(channelAccountId);
      return 0;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(res.msBeforeNext, 50);
      throw res;
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
