import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../conversation/conversation.entity';
import { toConversationEvent } from '../conversation/conversation.view';
import { Workspace } from '../workspace/workspace.entity';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import type { Actor } from '../timeline/actor';
import { Booking } from './booking.entity';

export interface NewBooking {
  externalId: string;
  jobType: string;
  /** Defaults to the workspace's CRM URL template with `{externalId}` filled in. */
  url?: string;
}

/** Records a booking on a conversation, by an operator or by the assistant's `book` action. */
@Injectable()
export class BookingService {
  constructor(
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  /** Runs in the caller's transaction with `conversation` locked. */
  async create(em: EntityManager, conversation: Conversation, input: NewBooking, actor: Actor): Promise<Booking> {
    const workspace = await em.findOneOrFail(Workspace, conversation.workspace);
    const template = workspace.settings.bookingUrlTemplate;
    const b = new Booking();
    Object.assign(b, {
      workspace: conversation.workspace,
      conversation: conversation.id,
      externalId: input.externalId,
      jobType: input.jobType,
      url: input.url ?? (template ? template.replace('{externalId}', encodeURIComponent(input.externalId)) : null),
    });
    em.persist(b);
    this.timeline.record(em, conversation, 'booking.created', actor, { bookingId: b.id, externalId: b.externalId, jobType: b.jobType });
    this.outbox.event(em, conversation.workspace, 'conversation.updated', toConversationEvent(conversation));
    return b;
  }
}
