import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RealtimeEventMap, RealtimeEventType } from '@parley/contracts';
import { OutboxEntry } from './outbox.entity';
import { QUEUES, type QueueName } from './queues';
import type { JobName, JobOptions, JobPayload, JobQueue } from './jobs';

/**
 * Adds outbox rows to the caller's unit of work, so they commit (or roll back) with the change itself.
 * Nothing here talks to Redis: writes succeed while Redis is down and the relay catches up later.
 */
@Injectable()
export class OutboxService {
  /** Rows added through each entity manager, until its transaction commits (dispatched at once) or rolls back. */
  private readonly uncommitted = new WeakMap<object, OutboxEntry[]>();

  /** A job (JobMap: its queue, name and payload), committed with the caller's change. */
  job<Q extends JobQueue, N extends JobName<Q>>(em: EntityManager, queue: Q, name: N, payload: JobPayload<Q, N>, options: JobOptions = {}): OutboxEntry {
    return this.enqueue(
      em,
      queue,
      name,
      payload as unknown as Record<string, unknown>,
      payload.workspaceId,
      options.deliverAfter ?? null,
      options.jobId ?? null,
    );
  }

  private enqueue(
    em: EntityManager,
    queue: QueueName,
    name: string,
    payload: Record<string, unknown>,
    workspaceId: string | null,
    deliverAfter: Date | null = null,
    jobId: string | null = null,
  ): OutboxEntry {
    const entry = new OutboxEntry();
    Object.assign(entry, { queue, name, payload, workspaceId, deliverAfter, jobId });
    em.persist(entry);
    const owner = em.getContext(false);
    const entries = this.uncommitted.get(owner);
    if (entries) entries.push(entry);
    else this.uncommitted.set(owner, [entry]);
    return entry;
  }

  /** A change operators should see live (API.md "Realtime" types), with its frame's data (OutboxEventData). */
  event<K extends RealtimeEventType>(em: EntityManager, workspaceId: string, type: K, data: OutboxEventData<K>): OutboxEntry {
    return this.enqueue(em, QUEUES.events, type, eventPayload(workspaceId, type, data), workspaceId);
  }

  /**
   * After `em`'s transaction committed: its rows that reached the database (they have an id), oldest
   * first. Rows persisted but not flushed yet stay for the next commit.
   */
  takeCommitted(em: EntityManager): OutboxEntry[] {
    const owner = em.getContext(false);
    const entries = this.uncommitted.get(owner);
    if (!entries) return [];
    const committed = entries.filter((e) => e.id !== undefined);
    const rest = entries.filter((e) => e.id === undefined);
    if (rest.length) this.uncommitted.set(owner, rest);
    else this.uncommitted.delete(owner);
    return committed.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** After a rollback nothing of it was written; the relay finds anything a later flush inserts. */
  forget(em: EntityManager): void {
    this.uncommitted.delete(em.getContext(false));
  }
}

/**
 * What an event row stores: the frame's data (RealtimeEventMap), or for a conversation's card only its
 * id, which the relay expands into the card (ConversationCards) once the transaction committed.
 */
export type OutboxEventData<K extends RealtimeEventType> = K extends 'conversation.created' | 'conversation.updated' ? { id: string } : RealtimeEventMap[K];

/** The payload of a realtime event row; shared by the ORM path above and the SQL ingest path. */
export const eventPayload = <K extends RealtimeEventType>(workspaceId: string, type: K, data: OutboxEventData<K>) => ({
  type,
  workspaceId,
  at: new Date().toISOString(),
  data,
});
