import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelKind, ContactView } from '@parley/contracts';
import { Contact } from './contact.entity';
import { ContactIdentity } from './contact-identity.entity';

/** E.164-ish: keep the leading + and digits only, so "+1 (555) 123-4567" and "+15551234567" match. */
export const normalizePhone = (phone: string): string => {
  const digits = phone.replace(/[^\d]/g, '');
  return phone.trim().startsWith('+') ? `+${digits}` : digits;
};

/**
 * A contact's address on a channel as identities store it, for every path that reads or writes one
 * (ingest, outbound starts, consent): email case-folded, phone numbers as E.164-ish digits.
 */
export const normalizeAddress = (channel: ChannelKind, address: string): string => {
  if (channel === 'email') return address.trim().toLowerCase();
  if (channel === 'webchat') return address.trim();
  return normalizePhone(address);
};

export const toContactView = (c: Contact, identities: ContactIdentity[]): ContactView => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  company: c.company,
  externalId: c.externalId,
  metadata: c.metadata,
  aiPaused: c.aiPaused,
  aiPauseReason: c.aiPauseReason,
  blocked: c.blocked,
  optedOutChannels: c.optedOutChannels,
  identities: identities.map((i) => ({ channel: i.channel, address: i.address })),
  createdAt: c.createdAt.toISOString(),
});

@Injectable()
export class ContactService {
  /** The address a channel reaches a contact at: a phone for sms/whatsapp/voice, an email for email. */
  addressFor(channel: ChannelKind, contact: { phone?: string | null; email?: string | null }): string {
    if (channel === 'email') {
      if (!contact.email) throw new UnprocessableEntityException('contact.email is required to start an email conversation');
      return normalizeAddress(channel, contact.email);
    }
    if (channel === 'webchat') throw new UnprocessableEntityException('Web chat conversations start from the widget, not outbound');
    if (!contact.phone) throw new UnprocessableEntityException(`contact.phone is required to start a ${channel} conversation`);
    return normalizeAddress(channel, contact.phone);
  }

  /** Finds the contact by its channel identity, or creates both, inside the caller's transaction. */
  async findOrCreateForOutbound(
    em: EntityManager,
    workspaceId: string,
    channel: ChannelKind,
    input: { name: string; phone?: string; email?: string },
  ): Promise<Contact> {
    const address = this.addressFor(channel, input);
    const identity = await em.findOne(ContactIdentity, { channel, address });
    if (identity) return em.findOneOrFail(Contact, identity.contact);
    return this.createWithIdentity(em, workspaceId, channel, input, address);
  }

  /** A new contact reachable at `address` on `channel`; persisted in the caller's unit of work, not flushed. */
  createWithIdentity(
    em: EntityManager,
    workspaceId: string,
    channel: ChannelKind,
    input: { name: string; phone?: string; email?: string },
    address: string,
  ): Contact {
    const contact = new Contact();
    Object.assign(contact, {
      workspace: workspaceId,
      name: input.name,
      phone: input.phone ? normalizePhone(input.phone) : null,
      email: input.email?.toLowerCase() ?? null,
    });
    const identity = new ContactIdentity();
    Object.assign(identity, { workspace: workspaceId, contact: contact.id, channel, address });
    em.persist([contact, identity]);
    return contact;
  }
}
