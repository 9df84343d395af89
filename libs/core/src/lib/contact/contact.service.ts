import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelKind, ContactView } from '@parley/contracts';
import { Contact } from './contact.entity';
import { ContactIdentity } from './contact-identity.entity';
import { v7 as uuidv7 } from 'uuid';
import { sqlOf } from '../database/em-sql';
import { insertContactWithIdentity, lockAddress } from './contact-sql';

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
  identities: identities.map((i) => ({
    channel: i.channel,
    address: i.address,
    ...(i.undeliverableAt ? { undeliverable: { at: i.undeliverableAt.toISOString(), reason: i.undeliverableReason } } : {}),
  })),
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

  /**
   * Finds the contact by its channel identity, or creates both (insertContactWithIdentity), inside the
   * caller's transaction, with the address locked as ingest locks it: an operator starting a
   * conversation and the same person writing in at that moment make one contact, not two.
   */
  async findOrCreateForOutbound(
    em: EntityManager,
    workspaceId: string,
    channel: ChannelKind,
    input: { name: string; phone?: string; email?: string },
  ): Promise<Contact> {
    const address = this.addressFor(channel, input);
    const sql = sqlOf(em);
    await lockAddress(sql, workspaceId, channel, address);
    const identity = await em.findOne(ContactIdentity, { channel, address });
    if (identity) return em.findOneOrFail(Contact, identity.contact);
    const id = uuidv7();
    await insertContactWithIdentity(sql, { id, workspaceId, channel, address, ...contactFields(input) });
    return em.findOneOrFail(Contact, id);
  }
}

/** What an operator's input names besides the address, normalized as identities are. */
export const contactFields = (input: { name: string; phone?: string; email?: string }) => ({
  name: input.name,
  phone: input.phone ? normalizePhone(input.phone) : null,
  email: input.email?.toLowerCase() ?? null,
});
