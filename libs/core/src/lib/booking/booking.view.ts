import type { BookingView } from '@parley/contracts';
import type { Booking } from './booking.entity';

export const toBookingView = (b: Booking): BookingView => ({
  id: b.id,
  conversationId: b.conversation,
  externalId: b.externalId,
  jobType: b.jobType,
  url: b.url,
  status: b.status,
  createdAt: b.createdAt.toISOString(),
  cancelledAt: b.cancelledAt ? b.cancelledAt.toISOString() : null,
});
