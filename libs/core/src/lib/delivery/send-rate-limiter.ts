import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RedisClient } from '../redis/redis-client';

export const DEFAULT_SENDS_PER_SECOND = 10;

/** Sends per second per channel account, shared by every worker through Redis. */
@Injectable()
export class SendRateLimiter {
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: RedisClient,
  ) {}

  /** 0 when the send may go now, else how many ms to wait. */
  async reserve(channelAccountId: string, perSecond = DEFAULT_SENDS_PER_SECOND): Promise<number> {
    let limiter = this.limiters.get(perSecond);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.client.redis,
        keyPrefix: `${this.config.queuePrefix}:send-rate:${perSecond}`,
        points: perSecond,
        duration: 1,
      });
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
}
