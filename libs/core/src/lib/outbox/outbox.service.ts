import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RealtimeEventType } from '@parley/contracts';
import { OutboxEntry } from './outbox.entity';
import { QUEUES, type QueueName } from './queues';

/**
 * Adds outbox rows to the caller's unit of work, so they commit (or roll back) with the change itself.
 * Nothing here talks to Redis: writes succeed while Redis is down and the relay catches up later.
 */
@Injectable()
export class OutboxService {
  /** `deliverAfter`: the job waits in BullMQ until then (debounce, follow-up, SLA check). */
  enqueue(em: EntityManager, queue: QueueName, name: string, payload: Record<string, unknown>, workspaceId: string | null, deliverAfter: Date | null = null): OutboxEntry {
    const entry = new OutboxEntry();
    Object.assign(entry, { queue, name, payload, workspaceId, deliverAfter });
    em.persist(entry);
    return entry;
  }

  /** A change operators should see live (API.md "Realtime" types). */
  event(em: EntityManager, workspaceId: string, type: RealtimeEventType, data: object): OutboxEntry {
    return this.enqueue(em, QUEUES.events, type, eventPayload(workspaceId, type, data), workspaceId);
  }
}

/** The payload of a realtime event row; shared by the ORM path above and the SQL ingest path. */
export const eventPayload = (workspaceId: string, type: RealtimeEventType, data: object) => ({
  type,
  workspaceId,
  at: new Date().toISOString(),
  data,
});
