import { Injectable } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BULL_QUEUES } from '../outbox/queues';

/** Prometheus metrics: HTTP latency, queue depths and outbox lag (the last two read at scrape time). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly webhooks: Counter<'plugin' | 'outcome'>;
  readonly sends: Counter<'plugin' | 'outcome'>;
  readonly webhookEventsRejected: Counter<'plugin'>;

  constructor(orm: MikroORM, moduleRef: ModuleRef) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request latency by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.webhooks = new Counter({
      name: 'parley_webhooks_total',
      help: 'Webhooks by plugin and outcome (accepted, duplicate, rejected)',
      labelNames: ['plugin', 'outcome'],
      registers: [this.registry],
    });
    this.webhookEventsRejected = new Counter({
      name: 'parley_webhook_events_rejected_total',
      help: 'Inbound events skipped because the database refuses them for good (each one is logged)',
      labelNames: ['plugin'],
      registers: [this.registry],
    });
    this.sends = new Counter({
      name: 'parley_sends_total',
      help: 'Send attempts by plugin and outcome (sent, retry, failed, refused)',
      labelNames: ['plugin', 'outcome'],
      registers: [this.registry],
    });
    const queues = BULL_QUEUES.map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
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
