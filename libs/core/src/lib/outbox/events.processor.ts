import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { QUEUES, redisOptions } from './queues';
import { rateLimitedRedisErrorLog } from './redis-error-log';

export const eventsChannel = (prefix: string) => `${prefix}:events`;

/** Publishes committed workspace events on the Redis bus that every API instance's realtime layer reads. */
@Processor(QUEUES.events, { concurrency: 50 })
export class EventsProcessor extends WorkerHost implements OnModuleDestroy {
  private readonly publisher: Redis;
  private readonly logError = rateLimitedRedisErrorLog(new Logger(EventsProcessor.name), 'events worker');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    this.publisher = new Redis(redisOptions(config.redisUrl));
    this.publisher.on('error', this.logError);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logError(err);
  }

  async process(job: Job<Record<string, unknown>>): Promise<void> {
    await this.publisher.publish(eventsChannel(this.config.queuePrefix), JSON.stringify({ jobId: job.id, ...job.data }));
  }

  async onModuleDestroy(): Promise<void> {
    this.publisher.disconnect();
  }
}
