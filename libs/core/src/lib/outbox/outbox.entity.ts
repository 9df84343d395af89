import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Transactional outbox: written in the same transaction as the change it announces, then relayed to
 * BullMQ under the work's own job id (`jobId`) or else the row's, so a relay that crashes after
 * enqueueing cannot enqueue twice.
 */
@Entity({ tableName: 'outbox' })
@Index({
  name: 'outbox_pending_idx',
  expression: 'create index "outbox_pending_idx" on "outbox" ("id") where "dispatched_at" is null',
})
export class OutboxEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @Property({ type: 'uuid', nullable: true })
  workspaceId: string | null = null;

  /** BullMQ queue name. */
  @Property({ type: 'text' })
  queue: string;

  /** Job name within the queue. */
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** A delayed job (debounced assistant turn, follow-up, SLA check): BullMQ holds it until then. */
  @Property({ type: 'timestamptz', nullable: true })
  deliverAfter: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null = null;

  /**
   * The job's id in BullMQ when the work has one of its own (a message's send, an inbound message's
   * assistant turn), so the reconciler can find it and re-enqueue it under the same id; otherwise the
   * row's dedupe id is used.
   */
  @Property({ type: 'text', nullable: true })
  jobId: string | null = null;
}
