import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BOOKING_STATUSES, type BookingStatus } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Conversation } from '../conversation/conversation.entity';

/** A job booked in the customer's CRM during a conversation. */
@Entity({ tableName: 'booking' })
@Index({ properties: ['conversation', 'createdAt'] })
export class Booking extends WorkspaceScopedEntity {
  @ManyToOne(() => Conversation, { mapToPk: true, deleteRule: 'cascade', index: false })
  conversation: string;

  @Property({ type: 'text' })
  externalId: string;

  @Property({ type: 'text' })
  jobType: string;

  @Property({ type: 'text', nullable: true })
  url: string | null = null;

  @Enum({ items: () => [...BOOKING_STATUSES], nativeEnumName: 'booking_status', default: 'active' })
  status: BookingStatus = 'active';

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;
}
