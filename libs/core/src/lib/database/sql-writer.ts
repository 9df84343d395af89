import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { RealtimeEventType } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { eventPayload, type OutboxEventData } from '../outbox/outbox.service';
import { QUEUES, type QueueName } from '../outbox/queues';
import type { JobName, JobOptions, JobPayload, JobQueue } from '../outbox/jobs';
import { OutboxRelay, PENDING_ROW_COLUMNS, type PendingRow } from '../outbox/outbox-relay.service';

export type Sql = <T = any>(text: string, params?: unknown[]) => Promise<T[]>;

/** Rows for the outbox, written in one statement at the end of the transaction. */
export class OutboxBatch {
  readonly queues: string[] = [];
  readonly names: string[] = [];
  readonly payloads: string[] = [];
  readonly workspaces: (string | null)[] = [];
  readonly deliverAfter: (Date | null)[] = [];
  readonly jobIds: (string | null)[] = [];

  /** A job (JobMap: its queue, name and payload), inserted with the transaction's other rows. */
  job<Q extends JobQueue, N extends JobName<Q>>(queue: Q, name: N, payload: JobPayload<Q, N>, options: JobOptions = {}): void {
    this.push(queue, name, payload as unknown as Record<string, unknown>, payload.workspaceId, options.deliverAfter ?? null, options.jobId ?? null);
  }

  event<K extends RealtimeEventType>(workspaceId: string, type: K, data: OutboxEventData<K>): void {
    this.push(QUEUES.events, type, eventPayload(workspaceId, type, data), workspaceId);
  }

  private push(
    queue: QueueName,
    name: string,
    payload: Record<string, unknown>,
    workspaceId: string,
    deliverAfter: Date | null = null,
    jobId: string | null = null,
  ): void {
    this.queues.push(queue);
    this.names.push(name);
    this.payloads.push(JSON.stringify(payload));
    this.workspaces.push(workspaceId);
    this.deliverAfter.push(deliverAfter);
    this.jobIds.push(jobId);
  }

  get size(): number {
    return this.queues.length;
  }

  /** The six arrays `insertOutbox` unnests, in its order. */
  params(): unknown[] {
    return [this.queues, this.names, this.payloads, this.workspaces, this.deliverAfter, this.jobIds];
  }
}

/**
 * CTE and final select that insert a batch's rows (params `$first`…`$first+5`, see `OutboxBatch.params`),
 * only if `guard` (a CTE name) has a row when given, and return them as the relay reads them, in id order.
 */
const insertOutbox = (first: number, guard?: string) => {
  const [queues, names, payloads, workspaces, deliverAfter, jobIds] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  return `outbox_rows as (
      insert into outbox (queue, name, payload, workspace_id, deliver_after, job_id)
      select u.* from unnest(${queues}::text[], ${names}::text[], ${payloads}::jsonb[], ${workspaces}::uuid[], ${deliverAfter}::timestamptz[], ${jobIds}::text[]) u
       ${guard ? `where exists (select 1 from ${guard})` : ''}
      returning *
    )
    select ${PENDING_ROW_COLUMNS} from outbox_rows order by id`;
};

/**
 * Plain SQL on a pool of its own, for the hot write paths (webhook ingest, recording sends). The ORM's
 * unit of work and query builder cost several times the database's own work per webhook; here a
 * message is a handful of round trips in one transaction.
 */
@Injectable()
export class SqlWriter implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly relay: OutboxRelay,
  ) {
    this.pool = new Pool({ connectionString: config.databaseUrl, max: 16, idleTimeoutMillis: 30_000 });
    this.pool.on('error', () => undefined);
  }

  async transaction<T>(work: (sql: Sql, outbox: OutboxBatch) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    // A connection lost mid-transaction also emits 'error' on the checked-out client, where the pool
    // listens no more: unheard, that event would crash the process. The query in flight rejects anyway.
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    const sql: Sql = async (text, params) => (await client.query(text, params as unknown[])).rows;
    const outbox = new OutboxBatch();
    try {
      await client.query('begin');
      const result = await work(sql, outbox);
      const rows = outbox.size ? (await client.query<PendingRow>(`with ${insertOutbox(1)}`, outbox.params())).rows : [];
      await client.query('commit');
      if (rows.length) this.relay.dispatchCommitted(rows);
      return result;
    } catch (err) {
      if (!broken) await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw err;
    } finally {
      client.off('error', onError);
      // With an error the pool discards the connection instead of handing it out again.
      client.release(broken);
    }
  }

  /**
   * One autocommitted statement, one round trip: the caller's CTEs, the last of which (`guard`) selects
   * the row everything depends on, then the batch's outbox rows, inserted only if the guard found it.
   * Returns whether it did (nothing is written otherwise); the rows are dispatched at once.
   */
  async writeGuarded(ctes: string, params: unknown[], guard: string, outbox: OutboxBatch): Promise<boolean> {
    if (!outbox.size) throw new Error('writeGuarded needs outbox rows: they tell whether the guard matched');
    const { rows } = await this.pool.query<PendingRow>(`with ${ctes}, ${insertOutbox(params.length + 1, guard)}`, [...params, ...outbox.params()]);
    if (rows.length) this.relay.dispatchCommitted(rows);
    return rows.length > 0;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
