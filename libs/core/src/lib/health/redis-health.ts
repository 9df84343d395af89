import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redisOptions } from '../redis/redis-options';

/** Pings Redis on a connection of its own that fails fast instead of queueing the ping. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly indicator: HealthIndicatorService,
  ) {
    this.client = new Redis({ ...redisOptions(config.redisUrl), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 });
    this.client.on('error', () => undefined);
  }

  async check(key = 'redis') {
    const check = this.indicator.check(key);
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), 1000);
      });
      // The timer is cleared either way, so a probe never keeps the process (or a closing app) alive.
      const pong = await Promise.race([this.client.ping(), timeout]).finally(() => clearTimeout(timer));
      return pong === 'PONG' ? check.up() : check.down({ message: String(pong) });
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
