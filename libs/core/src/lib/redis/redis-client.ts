import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redisOptions } from './redis-options';
import { rateLimitedRedisErrorLog } from './redis-error-log';

/**
 * The process's one connection for short Redis commands (send rate limits, assistant leases, presence,
 * the event bus). Fail fast: while Redis is down a command errors at once instead of queueing in memory.
 */
@Injectable()
export class RedisClient implements OnModuleInit, OnApplicationShutdown {
  /** How long the app's start waits for the first connection. */
  static startupWaitMs = 5_000;

  readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis({ ...redisOptions(config.redisUrl), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', rateLimitedRedisErrorLog(new Logger(RedisClient.name), 'redis'));
  }

  /**
   * Give the first connection a moment before the app starts, so that startup work (the outbox relay's
   * first pass) does not fail fast on a connection that is still opening. Bounded: a Redis that is down
   * must not hold the app's start.
   */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, RedisClient.startupWaitMs);
      this.redis.once('ready', done);
    });
  }

  /** Last: the services that use it stop in the earlier shutdown phases. */
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
