import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { BULL_QUEUES } from './queues';
import { bullConnection } from '../redis/redis-options';
import { OutboxService } from './outbox.service';
import { OutboxRelay } from './outbox-relay.service';
import { EventBus } from '../realtime/event-bus';
import { DiscoveryModule } from '@nestjs/core';
import { QueueWorker } from './queue-worker';
import { WorkReconciler } from './work-reconciler.service';

const completedJobRetention = { age: 24 * 3600, count: 100_000 };

@Module({})
export class OutboxModule {
  /** The queues every process produces to; consuming them is WorkersModule's. */
  static forRoot(): DynamicModule {
    BullModule.workerClass = QueueWorker;
    return {
      module: OutboxModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: bullConnection(config.redisUrl),
            prefix: config.queuePrefix,
            // Completed job ids are kept a day so a re-relayed outbox row is recognised as a duplicate.
            defaultJobOptions: {
              removeOnComplete: completedJobRetention,
              removeOnFail: { age: 7 * 24 * 3600 },
              attempts: 5,
              backoff: { type: 'exponential', delay: 1000 },
            },
          }),
        }),
        ...BULL_QUEUES.map((name) =>
          BullModule.registerQueueAsync({
            name,
            inject: [APP_CONFIG],
            // Producers fail fast while Redis is down (the relay retries) instead of buffering in memory.
            useFactory: (config: AppConfig) => ({ connection: bullConnection(config.redisUrl, { enableOfflineQueue: false }) }),
          }),
        ),
      ],
      providers: [OutboxService, OutboxRelay, EventBus, WorkReconciler],
      exports: [OutboxService, OutboxRelay, EventBus, WorkReconciler, BullModule],
    };
  }
}
