import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { RealtimeEventType } from '@parley/contracts';
import type { BusEvent } from '../realtime/event-bus';
import type { EventExpander } from '../outbox/event-expander';
import { cardsByIdSql, type ConversationRow, type PageBooking, toListItem, toPageBooking } from './conversation-list.query';

type CardRow = ConversationRow & { workspace_id?: string; unread_for: Record<string, boolean> | null; bookings: PageBooking[] | null };

/**
 * `conversation.created|updated` frames carry the list card, exactly as `GET /conversations` returns it.
 * Every write path stores `{id}`; the relay expands a batch's cards in one query per workspace, with the
 * users who see `unread` otherwise than a user without a read marker (`unreadFor`, which the gateway
 * applies per socket and never sends).
 */
@Injectable()
export class ConversationCards implements EventExpander {
  readonly types: readonly RealtimeEventType[] = ['conversation.created', 'conversation.updated'];

  constructor(private readonly em: EntityManager) {}

  /** Cards asked for in this turn of the event loop, read together on the next (see `cards`). */
  private batch: Map<string, { ids: Set<string>; done: Promise<Map<string, CardRow>> }> | null = null;

  async expand(events: BusEvent[]): Promise<BusEvent[]> {
    const wanted = new Map<string, Set<string>>();
    for (const e of events) {
      if (!this.types.includes(e.payload['type'] as RealtimeEventType)) continue;
      const id = (e.payload['data'] as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') continue;
      let ids = wanted.get(e.workspaceId);
      if (!ids) wanted.set(e.workspaceId, (ids = new Set()));
      ids.add(id);
    }
    if (!wanted.size) return events;
    const cards = new Map<string, CardRow>();
    for (const [workspaceId, ids] of wanted) {
      for (const [id, row] of await this.cards(workspaceId, ids)) if (ids.has(id)) cards.set(`${workspaceId}:${id}`, row);
    }
    return events.flatMap((e) => {
      if (!this.types.includes(e.payload['type'] as RealtimeEventType)) return [e];
      const row = cards.get(`${e.workspaceId}:${(e.payload['data'] as { id?: string } | undefined)?.id}`);
      // Deleted since: its `conversation.deleted` frame says so.
      if (!row) return [];
      const data = toListItem(row, (row.bookings ?? []).map(toPageBooking));
      return [{ ...e, payload: { ...e.payload, data, ...(row.unread_for ? { unreadFor: row.unread_for } : {}) } }];
    });
  }

  /**
   * Commits under load dispatch their rows one by one, many in the same turn of the event loop: their
   * cards are read in one query per workspace on the next turn, not one query per commit.
   */
  private cards(workspaceId: string, ids: Set<string>): Promise<Map<string, CardRow>> {
    if (!this.batch) {
      const batch = new Map<string, { ids: Set<string>; done: Promise<Map<string, CardRow>> }>();
      this.batch = batch;
      const start = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.batch === batch) this.batch = null;
      });
      this.startBatch = start;
    }
    let entry = this.batch.get(workspaceId);
    if (!entry) {
      const wanted = new Set<string>();
      const done = this.startBatch.then(async () => {
        const rows: CardRow[] = await this.em.getConnection().execute(cardsByIdSql(wanted.size), [workspaceId, ...wanted]);
        return new Map(rows.map((r) => [r.id, r]));
      });
      entry = { ids: wanted, done };
      this.batch.set(workspaceId, entry);
    }
    for (const id of ids) entry.ids.add(id);
    return entry.done;
  }

  private startBatch: Promise<void> = Promise.resolve();
}
