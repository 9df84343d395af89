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
}
