import type { OutboxBatch } from '../database/sql-writer';
import type { Actor } from './actor';
import { newTimelineEntry } from './timeline-entry';

/*
 * Timeline entries on the SQL write paths (ingest, consent, notes): the entry TimelineService.record
 * persists (newTimelineEntry), inserted with the statement's other rows.
 */

/**
 * A timeline row's values, in `insertTimeline`'s column order, and its `timeline.created` event added
 * to the batch.
 */
export function timelineRow(outbox: OutboxBatch, c: { id: string; workspace_id: string }, type: string, actor: Actor, data: Record<string, unknown>, at: Date) {
  const { entry: e, view } = newTimelineEntry({ id: c.id, workspace: c.workspace_id }, type, actor, data, at);
  outbox.event(e.workspace, 'timeline.created', view);
  return [e.id, e.workspace, e.conversation, e.type, e.actorKind, e.actorId, e.actorName, JSON.stringify(e.data), e.createdAt];
}

export const insertTimeline = (rows: unknown[][]) => ({
  text: `insert into timeline_event (id, workspace_id, conversation_id, type, actor_kind, actor_id, actor_name, data, created_at)
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::author_kind[], $6::uuid[], $7::text[], $8::jsonb[], $9::timestamptz[])`,
  params: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => rows.map((r) => r[i])),
});
