import { Logger } from '@nestjs/common';
import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import { rateLimitedRedisErrorLog } from '../redis/redis-error-log';

/**
 * The class @nestjs/bullmq builds every @Processor's worker with. A worker is handed its queue's
 * connection settings, and the queues' producers fail fast while Redis is down (`enableOfflineQueue:
 * false`, so the outbox relay retries instead of buffering). A worker must not: BullMQ does not count
 * "Stream isn't writeable" as a connection error, so its fetch loop would retry at once, forever, without
 * yielding to the event loop, and the client would never reconnect. Workers queue their commands until
 * Redis is back, and log its errors at a bounded rate.
 */
export class QueueWorker extends Worker {
  constructor(name: string, processor: string | URL | null | Processor, opts: WorkerOptions) {
    super(name, processor, { ...opts, connection: { ...opts.connection, enableOfflineQueue: true } as WorkerOptions['connection'] });
    this.on('error', rateLimitedRedisErrorLog(new Logger(QueueWorker.name), `worker ${name}`));
  }
}
