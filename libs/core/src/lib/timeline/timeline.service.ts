import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Page, TimelineEventView } from '@parley/contracts';
import { threadOrder, toPage } from '../common/cursor';
import { Conversation } from '../conversation/conversation.entity';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineEvent } from './timeline-event.entity';
import type { Actor } from './actor';
import { newTimelineEntry, toTimelineView } from './timeline-entry';

export { toTimelineView } from './timeline-entry';

/**
 * Records a state change in the caller's unit of work: the timeline row and its realtime event commit
 * together with the change, or not at all.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
  ) {}

  /** A conversation's entries, oldest first, keyset paged; 404 for another workspace's conversation. */
  async list(conversationId: string, page: { cursor?: string; limit: number; order?: 'asc' | 'desc' }): Promise<Page<TimelineEventView>> {
    await this.em.findOneOrFail(Conversation, conversationId, { fields: ['id'] });
    const { where, orderBy } = threadOrder(page.cursor, page.order);
    const events = await this.em.find(TimelineEvent, { conversation: conversationId, ...where }, { orderBy, limit: page.limit + 1 });
    return toPage(events, page.limit, (e) => [e.createdAt, e.id], toTimelineView);
  }

  /** An entry of its own (a logged activity), in a transaction of its own. */
  async log(conversationId: string, type: string, actor: Actor, data: Record<string, unknown>): Promise<TimelineEventView> {
    const event = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { fields: ['id', 'workspace'] });
      return this.record(em, conversation, type, actor, data);
    });
    return toTimelineView(event);
  }

  record(em: EntityManager, conversation: { id: string; workspace: string }, type: string, actor: Actor, data: Record<string, unknown> = {}): TimelineEvent {
    const { entry, view } = newTimelineEntry(conversation, type, actor, data);
    const event = Object.assign(new TimelineEvent(), entry);
    em.persist(event);
    this.outbox.event(em, conversation.workspace, 'timeline.created', view);
    return event;
  }
}
