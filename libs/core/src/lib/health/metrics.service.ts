import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { QUEUES } from '../outbox/queues';

/** Prometheus metrics: HTTP latency, queue depths and outbox lag (the last two read at scrape time). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    orm: MikroORM,
    @InjectQueue(QUEUES.events) events: Queue,
    @InjectQueue(QUEUES.delivery) delivery: Queue,
    @InjectQueue(QUEUES.assistant) assistant: Queue,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request latency by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    const queues = [events, delivery, assistant];
    new Gauge({
      name: 'parley_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (q) => {
            let timer: NodeJS.Timeout | undefined;
            const counts = await Promise.race([
              q.getJobCounts('waiting', 'active', 'delayed', 'failed'),
              new Promise<Record<string, number>>((resolve) => {
                timer = setTimeout(() => resolve({}), 500);
              }),
            ])
              .catch(() => ({}) as Record<string, number>)
              .finally(() => clearTimeout(timer));
            for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
          }),
        );
      },
    });
    new Gauge({
      name: 'parley_outbox_pending',
      help: 'Outbox rows not yet relayed to Redis',
      registers: [this.registry],
      async collect() {
        const [row] = await orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from outbox where dispatched_at is null');
        this.set(Number(row?.n ?? 0));
      },
    });
    new Gauge({
      name: 'parley_outbox_lag_seconds',
      help: 'Age of the oldest outbox row not yet relayed (0 when drained)',
      registers: [this.registry],
      async collect() {
        const [row] = await orm.em
          .getConnection()
          .execute<{ lag: number | null }[]>('select extract(epoch from now() - min(created_at))::float as lag from outbox where dispatched_at is null');
        this.set(Number(row?.lag ?? 0));
      },
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
