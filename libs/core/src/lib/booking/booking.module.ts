import { Module } from '@nestjs/common';
import { TimelineModule } from '../timeline/timeline.module';
import { BookingService } from './booking.service';
import { BookingsController } from './bookings.controller';

/** Bookings made in conversations. */
@Module({
  imports: [TimelineModule],
  providers: [BookingService],
  controllers: [BookingsController],
  exports: [BookingService],
})
export class BookingModule {}
