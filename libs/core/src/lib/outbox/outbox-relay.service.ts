import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { BULL_QUEUES, QUEUES, type QueueName } from './queues';
import { EventBus } from '../realtime/event-bus';
import { rateLimitedRedisErrorLog } from '../redis/redis-error-log';
import { groupBy } from '../common/group-by';
import { OutboxService } from './outbox.service';
import type { OutboxEntry } from './outbox.entity';
import { EVENT_EXPANDER, type EventExpander } from './event-expander';

/** An entity that just committed, as the row the relay would have read (same dedupe id as PENDING_ROW_COLUMNS). */
const committedRow = (e: OutboxEntry): PendingRow => ({
  id: String(e.id),
  queue: e.queue as QueueName,
  name: e.name,
  payload: e.payload,
  delay_ms: e.deliverAfter ? e.deliverAfter.getTime() - Date.now() : null,
  dedupe_id: `${e.id}@${BigInt(e.createdAt.getTime()) * 1000n}`,
  job_id: e.jobId,
});

export interface PendingRow {
  id: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  /** Milliseconds until a delayed row's job may run (0 or less: now). */
  delay_ms: number | null;
  /** Row id and creation time: unique even when the id sequence starts over (a restored or emptied database). */
  dedupe_id: string;
  /** The work's own job id (a send, a turn), when it has one; the job id is then this instead of the row's. */
  job_id: string | null;
}

/**
 * An outbox row's columns as `PendingRow`, for every statement that reads rows to send (the relay's
 * claim, SqlWriter's inserts). `committedRow` computes the same dedupe id from an entity.
 */
export const PENDING_ROW_COLUMNS = `id, queue, name, payload, (extract(epoch from deliver_after - now()) * 1000)::float8 as delay_ms,
  id || '@' || (extract(epoch from created_at) * 1000000)::bigint as dedupe_id, job_id`;

const BATCH = 500;
const MARK_DELAY_MS = 50;
/** Committing processes dispatch their own rows at once; the poll only finds what they could not. */
const IDLE_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

/**
 * Moves committed outbox rows into BullMQ, and realtime events onto the event bus. The process that
 * committed them dispatches them right after the commit (`dispatchCommitted`); this relay's poll is the
 * safety net for rows it could not (Redis down, a crash in between). Rows are claimed with SKIP LOCKED
 * (any number of processes may relay) and enqueued with the row's id and creation time as job id (and
 * bus dedupe id), so a row sent twice, by both paths or after a crash before its commit, is ignored.
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
  /** Rate-limited: while Redis is down every commit fails to dispatch, and the relay's own warning says so. */
  private readonly dispatchFailed = rateLimitedRedisErrorLog(this.logger, 'dispatch on commit failed; the outbox relay will send the rows');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unmarked = new Set<string>();
  private markTimer?: NodeJS.Timeout;
  private expander?: EventExpander;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly outbox: OutboxService,
    private readonly moduleRef: ModuleRef,
  ) {
    this.queues = Object.fromEntries(BULL_QUEUES.map((name) => [name, moduleRef.get<Queue>(getQueueToken(name), { strict: false })])) as Record<
      QueueName,
      Queue
    >;
    for (const queue of Object.values(this.queues)) queue.on('error', rateLimitedRedisErrorLog(this.logger, `queue ${queue.name}`));
  }

  onApplicationBootstrap(): void {
    this.expander = this.moduleRef.get<EventExpander>(EVENT_EXPANDER, { strict: false });
    // The rows an ORM transaction of this process wrote leave as soon as it commits, without a relay pass.
    this.orm.em.getEventManager().registerSubscriber({
      afterTransactionCommit: (args) => {
        const entries = this.outbox.takeCommitted(args.em as EntityManager);
        if (entries.length) this.dispatchCommitted(entries.map(committedRow));
      },
      afterTransactionRollback: (args) => this.outbox.forget(args.em as EntityManager),
    });
    this.running = true;
    this.loop = this.run();
  }

  /** Before the shutdown hooks close the connections a pass uses (Redis, PostgreSQL). */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.allSettled([this.loop, ...this.inFlight]);
    // What was sent but not yet marked is marked now: the next start need not send it again.
    if (this.markTimer) {
      clearTimeout(this.markTimer);
      this.markTimer = undefined;
      await this.markDispatched([...this.unmarked]).catch((err: Error) => this.dispatchFailed(err));
    }
  }

  /**
   * Sends rows that just committed, in the given (id) order, then marks them dispatched. Not awaited by
   * the committer: a failure leaves the rows to the relay's poll. Rows the relay has claimed meanwhile
   * are its to mark (SKIP LOCKED); whichever sends second is a no-op.
   */
  dispatchCommitted(rows: PendingRow[]): void {
    const done = this.send(rows).then(
      () => this.markLater(rows.map((r) => r.id)),
      (err: Error) => this.dispatchFailed(err),
    );
    this.track(done);
  }

  /**
   * Sent rows are marked in batches, one statement per MARK_DELAY_MS whatever the commit rate. Until
   * then a relay pass may send them again, which the dedupe ids make a no-op.
   */
  private markLater(ids: string[]): void {
    for (const id of ids) this.unmarked.add(id);
    if (this.markTimer) return;
    this.markTimer = setTimeout(() => {
      this.markTimer = undefined;
      const batch = [...this.unmarked];
      this.unmarked.clear();
      this.track(this.markDispatched(batch).catch((err: Error) => this.dispatchFailed(err)));
    }, MARK_DELAY_MS);
  }

  /** Rows a relay pass has claimed meanwhile are its to mark (SKIP LOCKED): this never waits for it. */
  private async markDispatched(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      await this.orm.em.getConnection().execute(
        `update outbox set dispatched_at = now()
            where id in (select id from outbox where id in (${chunk.map(() => '?').join(', ')}) and dispatched_at is null for update skip locked)`,
        chunk,
        'run',
      );
    }
  }

  private track(work: Promise<void>): void {
    const done = work.finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Wakes the poll now, e.g. once Redis is back. A kick during a pass is remembered: another pass follows. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Relays one batch; returns how many rows it moved. Public for tests. */
  async relayOnce(): Promise<number> {
    // Most passes find nothing: one indexed probe instead of a transaction.
    const [probe] = await this.orm.em.getConnection().execute('select exists (select 1 from outbox where dispatched_at is null) as pending');
    if (!probe?.pending) return 0;
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows: PendingRow[] = await tx.getConnection().execute(
        `select ${PENDING_ROW_COLUMNS}
            from outbox where dispatched_at is null order by id limit ? for update skip locked`,
        [BATCH],
        'all',
        tx.getTransactionContext(),
      );
      if (rows.length === 0) return 0;
      await this.send(rows);
      await tx.getConnection().execute(
        `update outbox set dispatched_at = now() where id in (${rows.map(() => '?').join(', ')})`,
        rows.map((r) => r.id),
        'run',
        tx.getTransactionContext(),
      );
      return rows.length;
    });
  }

  /**
   * Events onto the bus in id order (those stored as a reference expanded first, see EventExpander),
   * jobs into their queues; the dedupe id makes a repeat a no-op.
   */
  private async send(rows: PendingRow[]): Promise<void> {
    // Jobs first: they never wait on a frame being built.
    const byQueue = [...groupBy(rows, (r) => r.queue)].sort(([a], [b]) => Number(a === QUEUES.events) - Number(b === QUEUES.events));
    for (const [queue, batch] of byQueue) {
      if (queue === QUEUES.events) {
        const events = batch.map((r) => ({ workspaceId: String(r.payload['workspaceId']), payload: r.payload, dedupeId: r.dedupe_id }));
        await this.bus.append(this.expander ? await this.expander.expand(events) : events);
        continue;
      }
      const target = this.queues[queue];
      if (!target) throw new Error(`outbox row for unknown queue ${queue}`);
      await target.addBulk(
        batch.map((r) => ({
          name: r.name,
          data: r.payload,
          opts: { jobId: r.job_id ?? `outbox-${r.dedupe_id}`, ...(r.delay_ms && r.delay_ms > 0 ? { delay: Math.ceil(r.delay_ms) } : {}) },
        })),
      );
    }
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
