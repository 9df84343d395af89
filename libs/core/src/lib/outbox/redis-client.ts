import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redisOptions } from './queues';
import { rateLimitedRedisErrorLog } from './redis-error-log';

/**
 * The process's one connection for short Redis commands (send rate limits, assistant leases, presence,
 * the event bus). Fail fast: while Redis is down a command errors at once instead of queueing in memory.
 */
@Injectable()
export class RedisClient implements OnModuleDestroy {
  readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis({ ...redisOptions(config.redisUrl), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', rateLimitedRedisErrorLog(new Logger(RedisClient.name), 'redis'));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
