import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@parley/contracts';

/**
 * Every status a provider reported, kept as received. It is the audit trail, and the buffer for a
 * status that arrives before the send job has recorded the provider's message id.
 */
@Entity({ tableName: 'delivery_status_event' })
@Index({ properties: ['channelAccountId', 'providerMessageId'] })
export class DeliveryStatusEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @Property({ type: 'uuid' })
  channelAccountId: string;

  @Property({ type: 'text' })
  providerMessageId: string;

  @Enum({ items: () => [...DELIVERY_STATUSES], nativeEnumName: 'delivery_status' })
  status: DeliveryStatus;

  @Property({ type: 'text', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorMessage: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  receivedAt: Date = new Date();
}
