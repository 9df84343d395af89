import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { RealtimeEventType } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { eventPayload } from '../outbox/outbox.service';
import { QUEUES, type QueueName } from '../outbox/queues';
import { DEDUPE_ID_SQL, OutboxRelay, type PendingRow } from '../outbox/outbox-relay.service';

export type Sql = <T = any>(text: string, params?: unknown[]) => Promise<T[]>;

/** Rows for the outbox, written in one statement at the end of the transaction. */
export class OutboxBatch {
  readonly queues: string[] = [];
  readonly names: string[] = [];
  readonly payloads: string[] = [];
  readonly workspaces: (string | null)[] = [];
  readonly deliverAfter: (Date | null)[] = [];

  job(queue: QueueName, name: string, payload: Record<string, unknown>, workspaceId: string, deliverAfter: Date | null = null): void {
    this.queues.push(queue);
    this.names.push(name);
    this.payloads.push(JSON.stringify(payload));
    this.workspaces.push(workspaceId);
    this.deliverAfter.push(deliverAfter);
  }

  event(workspaceId: string, type: RealtimeEventType, data: object): void {
    this.job(QUEUES.events, type, eventPayload(workspaceId, type, data), workspaceId);
  }

  get size(): number {
    return this.queues.length;
  }
}

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
    const sql: Sql = async (text, params) => (await client.query(text, params as unknown[])).rows;
    const outbox = new OutboxBatch();
    try {
      await client.query('begin');
      const result = await work(sql, outbox);
      const rows = outbox.size
        ? (
            await client.query<PendingRow>(
              `insert into outbox (queue, name, payload, workspace_id, deliver_after) select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::uuid[], $5::timestamptz[])
                returning id, queue, name, payload, (extract(epoch from deliver_after - now()) * 1000)::float8 as delay_ms, ${DEDUPE_ID_SQL} as dedupe_id`,
              [outbox.queues, outbox.names, outbox.payloads, outbox.workspaces, outbox.deliverAfter],
            )
          ).rows
        : [];
      await client.query('commit');
      if (rows.length) this.relay.dispatchCommitted(rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)));
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * One autocommitted statement, one round trip: the caller's CTEs, the last of which (`guard`) selects
   * the row everything depends on, then the batch's outbox rows, inserted only if the guard found it.
   * Returns whether it did (nothing is written otherwise); the rows are dispatched at once.
   */
  async writeGuarded(ctes: string, params: unknown[], guard: string, outbox: OutboxBatch): Promise<boolean> {
    if (!outbox.size) throw new Error('writeGuarded needs outbox rows: they tell whether the guard matched');
    const n = params.length;
    const { rows } = await this.pool.query<PendingRow>(
      `with ${ctes},
       outbox_rows as (
         insert into outbox (queue, name, payload, workspace_id, deliver_after)
         select u.* from unnest($${n + 1}::text[], $${n + 2}::text[], $${n + 3}::jsonb[], $${n + 4}::uuid[], $${n + 5}::timestamptz[]) u
          where exists (select 1 from ${guard})
         returning *
       )
       select id, queue, name, payload, (extract(epoch from deliver_after - now()) * 1000)::float8 as delay_ms, ${DEDUPE_ID_SQL} as dedupe_id
         from outbox_rows order by id`,
      [...params, outbox.queues, outbox.names, outbox.payloads, outbox.workspaces, outbox.deliverAfter],
    );
    if (rows.length) this.relay.dispatchCommitted(rows);
    return rows.length > 0;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
