import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redisOptions } from '../redis/redis-options';

/**
 * A graceful BullMQ worker close waits for Redis to answer: forever, when Redis is down. Unfinished
 * jobs stay in Redis and their outbox rows in PostgreSQL, so with Redis unreachable every worker is
 * closed at once instead; nothing is lost, and shutdown does not hang.
 */
@Injectable()
export class WorkerShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerShutdown.name);

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (await this.redisAnswers()) return;
    const hosts = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    this.logger.warn(`Redis is unreachable: closing ${hosts.length} queue worker(s) without waiting`);
    await Promise.all(hosts.map((host) => host.worker.close(true).catch(() => undefined)));
  }

  private async redisAnswers(): Promise<boolean> {
    const probe = new Redis({
      ...redisOptions(this.config.redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }
}
