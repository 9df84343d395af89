import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { BULL_QUEUES, QUEUES, type QueueName } from './queues';
import { EventBus } from '../realtime/event-bus';
import { rateLimitedRedisErrorLog } from './redis-error-log';
import { groupBy } from '../common/group-by';

interface PendingRow {
  id: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  /** Milliseconds until a delayed row's job may run (0 or less: now). */
  delay_ms: number | null;
  /** Row id and creation time: unique even when the id sequence starts over (a restored or emptied database). */
  dedupe_id: string;
}

const BATCH = 500;
const IDLE_MS = 200;
const MAX_BACKOFF_MS = 5_000;

/**
 * Moves committed outbox rows into BullMQ, and realtime events onto the event bus. Rows are claimed
 * with SKIP LOCKED (any number of processes may relay) and enqueued with the row's id and creation time
 * as job id, so a crash between enqueue and commit re-adds a job BullMQ already has, which it ignores.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues: Record<QueueName, Queue>;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;
  private kicked = false;
  private readonly ownTransactions = new WeakSet<object>();

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    moduleRef: ModuleRef,
  ) {
    this.queues = Object.fromEntries(BULL_QUEUES.map((name) => [name, moduleRef.get<Queue>(getQueueToken(name), { strict: false })])) as Record<QueueName, Queue>;
    for (const queue of Object.values(this.queues)) queue.on('error', rateLimitedRedisErrorLog(this.logger, `queue ${queue.name}`));
  }

  onApplicationBootstrap(): void {
    // Every ORM commit in this process wakes the relay: new rows leave at once instead of at the next poll.
    // Not its own commits, though: those would wake it forever (a busy loop on an idle database).
    this.orm.em.getEventManager().registerSubscriber({
      afterTransactionCommit: (args) => {
        if (!this.ownTransactions.has(args.em)) this.kick();
      },
    });
    this.running = true;
    this.loop = this.run();
  }

  /** Before the shutdown hooks close the connections a pass uses (Redis, PostgreSQL). */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Called after a local commit so new rows leave without waiting for the next poll. A kick during a
   * run is remembered, so a row committed after that run's claim does not wait for the poll either.
   */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Relays one batch; returns how many rows it moved. Public for tests and the drain on shutdown. */
  async relayOnce(): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      this.ownTransactions.add(tx);
      const rows: PendingRow[] = await tx
        .getConnection()
        .execute(
          `select id, queue, name, payload, (extract(epoch from deliver_after - now()) * 1000)::float8 as delay_ms,
                  id || '@' || (extract(epoch from created_at) * 1000000)::bigint as dedupe_id
            from outbox where dispatched_at is null order by id limit ? for update skip locked`,
          [BATCH],
          'all',
          tx.getTransactionContext(),
        );
      if (rows.length === 0) return 0;
      for (const [queue, batch] of groupBy(rows, (r) => r.queue)) {
        if (queue === QUEUES.events) {
          // Realtime events go onto the bus in outbox order; the row's id and time make a re-relayed row a no-op.
          await this.bus.append(batch.map((r) => ({ workspaceId: String(r.payload['workspaceId']), payload: r.payload, dedupeId: r.dedupe_id })));
          continue;
        }
        const target = this.queues[queue];
        if (!target) throw new Error(`outbox row for unknown queue ${queue}`);
        await target.addBulk(batch.map((r) => ({ name: r.name, data: r.payload, opts: { jobId: `outbox-${r.dedupe_id}`, ...(r.delay_ms && r.delay_ms > 0 ? { delay: Math.ceil(r.delay_ms) } : {}) } })));
      }
      await tx
        .getConnection()
        .execute(
          `update outbox set dispatched_at = now() where id in (${rows.map(() => '?').join(', ')})`,
          rows.map((r) => r.id),
          'run',
          tx.getTransactionContext(),
        );
      return rows.length;
    });
  }

  private lastPrune = 0;

  /** Dispatched rows are kept an hour for inspection, then deleted so the table stays small. */
  private async pruneDispatched(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.orm.em
      .getConnection()
      .execute("delete from outbox where dispatched_at < now() - interval '1 hour'")
      .catch((err: Error) => this.logger.warn(`outbox prune failed: ${err.message}`));
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      this.kicked = false;
      try {
        moved = await this.relayOnce();
        if (this.failures > 0) this.logger.log(`outbox relay recovered after ${this.failures} failed attempt(s)`);
        this.failures = 0;
      } catch (err) {
        this.failures++;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn(`outbox relay cannot enqueue (${(err as Error).message}); rows stay in PostgreSQL and will be retried`);
        }
      }
      await this.pruneDispatched();
      if (moved === BATCH || (this.kicked && !this.failures)) continue;
      const delay = this.failures ? Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 5)) : IDLE_MS;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
