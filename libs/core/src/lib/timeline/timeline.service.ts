import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimelineEventView } from '@parley/contracts';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineEvent } from './timeline-event.entity';
import { actorColumns, type Actor } from './actor';

export const toTimelineView = (
  e: Pick<TimelineEvent, 'id' | 'conversation' | 'type' | 'actorKind' | 'actorId' | 'actorName' | 'data' | 'createdAt'>,
): TimelineEventView => ({
  id: e.id,
  conversationId: e.conversation,
  type: e.type,
  actor: { kind: e.actorKind, ...(e.actorId ? { id: e.actorId } : {}), ...(e.actorName ? { name: e.actorName } : {}) },
  data: e.data,
  createdAt: e.createdAt.toISOString(),
});

/**
 * Records a state change in the caller's unit of work: the timeline row and its realtime event commit
 * together with the change, or not at all.
 */
@Injectable()
export class TimelineService {
  constructor(private readonly outbox: OutboxService) {}

  record(em: EntityManager, conversation: { id: string; workspace: string }, type: string, actor: Actor, data: Record<string, unknown> = {}): TimelineEvent {
    const event = new TimelineEvent();
    Object.assign(event, {
      workspace: conversation.workspace,
      conversation: conversation.id,
      type,
      ...actorColumns(actor),
      data,
    });
    em.persist(event);
    this.outbox.event(em, conversation.workspace, 'timeline.created', toTimelineView(event));
    return event;
  }
}
