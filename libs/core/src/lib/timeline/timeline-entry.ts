import { v7 as uuidv7 } from 'uuid';
import type { TimelineEventView } from '@parley/contracts';
import { actorColumns, type Actor } from './actor';

/** A timeline entry's columns (entity property names). */
export interface TimelineEntry {
  id: string;
  workspace: string;
  conversation: string;
  type: string;
  actorKind: Actor['kind'];
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

export const toTimelineView = (e: Omit<TimelineEntry, 'workspace'>): TimelineEventView => ({
  id: e.id,
  conversationId: e.conversation,
  type: e.type,
  actor: { kind: e.actorKind, ...(e.actorId ? { id: e.actorId } : {}), ...(e.actorName ? { name: e.actorName } : {}) },
  data: e.data,
  createdAt: e.createdAt.toISOString(),
});

/**
 * The one way a timeline entry comes to be, on every write path: its id, columns and the view its
 * `timeline.created` frame carries. TimelineService persists it in the ORM's unit of work; the SQL
 * paths (ingest, consent, notes) insert it with `insertTimeline`.
 */
export function newTimelineEntry(
  conversation: { id: string; workspace: string },
  type: string,
  actor: Actor,
  data: Record<string, unknown>,
  at = new Date(),
): { entry: TimelineEntry; view: TimelineEventView } {
  const entry: TimelineEntry = {
    id: uuidv7(),
    workspace: conversation.workspace,
    conversation: conversation.id,
    type,
    ...actorColumns(actor),
    data,
    createdAt: at,
  };
  return { entry, view: toTimelineView(entry) };
}
