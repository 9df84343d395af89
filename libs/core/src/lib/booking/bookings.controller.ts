import { Body, ConflictException, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { BookingView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { Conversation } from '../conversation/conversation.entity';
import { toConversationEvent } from '../conversation/conversation.view';
import { OutboxService } from '../outbox/outbox.service';
import { TimelineService } from '../timeline/timeline.service';
import { actorOf } from '../timeline/actor';
import { Booking } from './booking.entity';
import { CreateBookingDto } from './booking.dto';
import { toBookingView } from './booking.view';
import { BookingService } from './booking.service';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller()
export class BookingsController {
  constructor(
    private readonly em: EntityManager,
    private readonly timeline: TimelineService,
    private readonly outbox: OutboxService,
    private readonly bookings: BookingService,
  ) {}

  @Post('conversations/:conversationId/bookings')
  async create(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Body() dto: CreateBookingDto,
  ): Promise<BookingView> {
    const booking = await this.em.transactional(async (em) => {
      const conversation = await em.findOneOrFail(Conversation, conversationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      return this.bookings.create(em, conversation, dto, actorOf(p));
    });
    return toBookingView(booking);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<BookingView> {
    const booking = await this.em.transactional(async (em) => {
      const b = await em.findOneOrFail(Booking, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (b.status === 'cancelled') throw new ConflictException('Booking is already cancelled');
      const conversation = await em.findOneOrFail(Conversation, b.conversation);
      b.status = 'cancelled';
      b.cancelledAt = new Date();
      this.timeline.record(em, conversation, 'booking.cancelled', actorOf(p), { bookingId: b.id, externalId: b.externalId });
      this.outbox.event(em, conversation.workspace, 'conversation.updated', toConversationEvent(conversation));
      return b;
    });
    return toBookingView(booking);
  }
}
