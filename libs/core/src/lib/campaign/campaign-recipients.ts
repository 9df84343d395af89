import { BadRequestException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelKind } from '@parley/contracts';
import { Contact } from '../contact/contact.entity';
import { ContactIdentity } from '../contact/contact-identity.entity';
import { contactFields, type ContactService } from '../contact/contact.service';
import { insertContactsWithIdentities, type NewContact } from '../contact/contact-sql';
import { sqlOf } from '../database/em-sql';
import { v7 as uuidv7 } from 'uuid';
import type { NewContactDto } from '../conversation/conversation.dto';

export interface CampaignRecipient {
  contact: Contact;
  /** The contact has an address (a contact identity) on the campaign's channel. */
  reachable: boolean;
}

export interface RecipientRequest {
  workspaceId: string;
  channel: ChannelKind;
  contactIds?: string[];
  contacts?: NewContactDto[];
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

/**
 * The distinct contacts a launch addresses, in request order: named ones first, then inline ones found
 * by their address on the channel (looked up for the whole list at once) or created. At most four
 * queries whatever the list's length; new contacts are written in the launch's transaction
 * (insertContactsWithIdentities, one statement), so they commit or roll back with it.
 */
export async function resolveRecipients(em: EntityManager, contactService: ContactService, req: RecipientRequest): Promise<CampaignRecipient[]> {
  // A malformed inline contact is the request's fault: a 400 before anything is looked up.
  const inline = (req.contacts ?? []).map((input, index) => ({ input, address: addressOf(contactService, req.channel, input, index) }));
  const recipients = new Map<string, CampaignRecipient>();
  for (const recipient of await namedRecipients(em, req)) recipients.set(recipient.contact.id, recipient);
  if (!inline.length) return [...recipients.values()];

  const known = await em.find(ContactIdentity, { channel: req.channel, address: { $in: unique(inline.map((c) => c.address)) } });
  const toLoad = unique(known.map((i) => i.contact)).filter((id) => !recipients.has(id));
  const contactsById = new Map<string, Contact>([...recipients.values()].map((r) => [r.contact.id, r.contact]));
  for (const c of toLoad.length ? await em.find(Contact, { id: { $in: toLoad } }) : []) contactsById.set(c.id, c);
  const contactByAddress = new Map<string, Contact>();
  for (const identity of known) {
    const contact = contactsById.get(identity.contact);
    if (contact) contactByAddress.set(identity.address, contact);
  }

  // The first entry with an unknown address names the new contact; later duplicates reuse it.
  const created = new Map<string, NewContact>();
  for (const { input, address } of inline) {
    if (!contactByAddress.has(address) && !created.has(address))
      created.set(address, { id: uuidv7(), workspaceId: req.workspaceId, channel: req.channel, address, ...contactFields(input) });
  }
  await insertContactsWithIdentities(sqlOf(em), [...created.values()]);
  const createdAddress = new Map([...created.values()].map((n) => [n.id, n.address]));
  for (const c of createdAddress.size ? await em.find(Contact, { id: { $in: [...createdAddress.keys()] } }) : [])
    contactByAddress.set(createdAddress.get(c.id) ?? '', c);
  for (const { address } of inline) {
    const contact = contactByAddress.get(address);
    if (!contact) throw new Error(`campaign recipient ${address} was not created`);
    const existing = recipients.get(contact.id);
    if (existing) existing.reachable = true;
    else recipients.set(contact.id, { contact, reachable: true });
  }
  return [...recipients.values()];
}

/** `contactIds`, with whether each has an address on the channel; any id not visible here is a 404 naming it. */
async function namedRecipients(em: EntityManager, req: RecipientRequest): Promise<CampaignRecipient[]> {
  const ids = unique(req.contactIds ?? []);
  if (!ids.length) return [];
  // The tenant filter hides other workspaces' contacts, so theirs come back missing, like unknown ids.
  const found = new Map((await em.find(Contact, { id: { $in: ids } })).map((c) => [c.id, c]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw new NotFoundException({
      message: `contactIds: contact ${missing.join(', ')} not found`,
      details: [{ field: 'contactIds', errors: missing.map((id) => `contact ${id} not found`) }],
    });
  }
  const identities = await em.find(ContactIdentity, { contact: { $in: ids }, channel: req.channel });
  const reachable = new Set(identities.map((i) => i.contact));
  return ids.flatMap((id) => {
    const contact = found.get(id);
    return contact ? [{ contact, reachable: reachable.has(id) }] : [];
  });
}

/** The inline contact's address on the channel, or a 400 naming the missing field. */
function addressOf(contactService: ContactService, channel: ChannelKind, input: NewContactDto, index: number): string {
  try {
    return contactService.addressFor(channel, input);
  } catch (e) {
    if (!(e instanceof UnprocessableEntityException)) throw e;
    const field = `contacts.${index}.${channel === 'email' ? 'email' : 'phone'}`;
    const error = `${field} is required for a ${channel} campaign`;
    throw new BadRequestException({ message: error, details: [{ field, errors: [error] }] });
  }
}
