import { ConflictException, Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Conversation } from '../conversation/conversation.entity';
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
    private readonly em: EntityManager,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
  ) {}

  /** An operator's booking: the conversation locked for the change. */
  book(conversationId: string, input: NewBooking, actor: Actor): Promise<Booking> {
    return this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      return this.create(em, conversation, input, actor);
    });
  }

  /** 409 when it already is; the conversation's card and timeline say so. */
  cancel(id: string, actor: Actor): Promise<Booking> {
    return this.em.transactional(async (em) => {
      const b = await em.findOneOrFail(Booking, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (b.status === 'cancelled') throw new ConflictException('Booking is already cancelled');
      const conversation = await em.findOneOrFail(Conversation, b.conversation);
      b.status = 'cancelled';
      b.cancelledAt = new Date();
      this.timeline.record(em, conversation, 'booking.cancelled', actor, { bookingId: b.id, externalId: b.externalId });
      this.outbox.event(em, conversation.workspace, 'conversation.updated', { id: conversation.id });
      return b;
    });
  }

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
    this.outbox.event(em, conversation.workspace, 'conversation.updated', { id: conversation.id });
    return b;
  }
}
