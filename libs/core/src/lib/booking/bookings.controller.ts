import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BookingView } from '@parley/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { actorOf } from '../timeline/actor';
import { CreateBookingDto } from './booking.dto';
import { toBookingView } from './booking.view';
import { BookingService } from './booking.service';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller()
export class BookingsController {
  constructor(private readonly bookings: BookingService) {}

  @Post('conversations/:conversationId/bookings')
  async create(
    @CurrentPrincipal() p: Principal,
    @Param('conversationId', ParseUUIDPipe) conversationId: string,
    @Body() dto: CreateBookingDto,
  ): Promise<BookingView> {
    return toBookingView(await this.bookings.book(conversationId, dto, actorOf(p)));
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<BookingView> {
    return toBookingView(await this.bookings.cancel(id, actorOf(p)));
  }
}
