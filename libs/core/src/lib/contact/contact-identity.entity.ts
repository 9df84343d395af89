import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { CHANNEL_KINDS, type ChannelKind } from '@parley/contracts';
import { WorkspaceScopedEntity } from '../database/scoped.entity';
import { Contact } from './contact.entity';

/** A contact's address on one channel: how an inbound message finds its contact. */
@Entity({ tableName: 'contact_identity' })
@Unique({ properties: ['workspace', 'channel', 'address'] })
export class ContactIdentity extends WorkspaceScopedEntity {
  @ManyToOne(() => Contact, { mapToPk: true, deleteRule: 'cascade' })
  contact: string;

  @Enum({ items: () => [...CHANNEL_KINDS], nativeEnumName: 'channel_kind' })
  channel: ChannelKind;

  @Property({ type: 'text' })
  address: string;

  /** A hard bounce said this address takes no more messages (email DSN 5.x.x), and why. */
  @Property({ type: 'timestamptz', nullable: true })
  undeliverableAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  undeliverableReason: string | null = null;
}
