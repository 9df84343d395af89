import { v7 as uuidv7 } from 'uuid';
import type { OutboxBatch } from '../database/sql-writer';
import { actorColumns, type Actor } from './actor';
import { toTimelineView } from './timeline.service';

/*
 * Timeline entries on the SQL write paths (ingest, consent, notes): the same columns and the same
 * `timeline.created` view as TimelineService.record, inserted in one statement.
 */

/**
 * A timeline row's values, in `insertTimeline`'s column order, and its `timeline.created` event added
 * to the batch.
 */
export function timelineRow(outbox: OutboxBatch, c: { id: string; workspace_id: string }, type: string, actor: Actor, data: Record<string, unknown>, at: Date) {
  const id = uuidv7();
  const columns = actorColumns(actor);
  const view = toTimelineView({ id, conversation: c.id, type, ...columns, data, createdAt: at });
  outbox.event(c.workspace_id, 'timeline.created', view);
  return [id, c.workspace_id, c.id, type, columns.actorKind, columns.actorId, columns.actorName, JSON.stringify(data), at];
}

export const insertTimeline = (rows: unknown[][]) => ({
  text: `insert into timeline_event (id, workspace_id, conversation_id, type, actor_kind, actor_id, actor_name, data, created_at)
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::author_kind[], $6::uuid[], $7::text[], $8::jsonb[], $9::timestamptz[])`,
  params: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => rows.map((r) => r[i])),
});
