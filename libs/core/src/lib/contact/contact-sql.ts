import { v7 as uuidv7 } from 'uuid';
import type { ChannelKind } from '@parley/contracts';
import type { Sql } from '../database/sql-writer';

/**
 * Serialises, for the rest of the transaction, all work on one sender's address in a workspace: its
 * inbound messages and every consent change, whichever path makes it.
 */
export const lockAddress = (sql: Sql, workspaceId: string, channel: ChannelKind, address: string) =>
  sql('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`${workspaceId}|${channel}|${address}`]);

const PHONE_CHANNELS: ChannelKind[] = ['sms', 'whatsapp', 'voice'];

export interface NewContact {
  id: string;
  workspaceId: string;
  channel: ChannelKind;
  /** Normalized (normalizeAddress). */
  address: string;
  name: string | null;
  /** Besides the address: an outbound start may name both a phone and an email. */
  phone?: string | null;
  email?: string | null;
}

/**
 * New contacts, each reachable at its `address` on its `channel`, in one statement: the one write of a
 * contact and its identity, for ingest (a first message or a first STOP, the address locked by
 * `lockAddress`), an operator's outbound start and a campaign's new recipients.
 */
export async function insertContactsWithIdentities(sql: Sql, contacts: NewContact[]): Promise<void> {
  if (!contacts.length) return;
  const column = <T>(pick: (c: NewContact) => T) => contacts.map(pick);
  await sql(
    `with c as (
       insert into contact (id, workspace_id, name, phone, email)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])
     )
     insert into contact_identity (id, workspace_id, contact_id, channel, address)
     select * from unnest($6::uuid[], $2::uuid[], $1::uuid[], $7::channel_kind[], $8::text[])`,
    [
      column((c) => c.id),
      column((c) => c.workspaceId),
      column((c) => c.name),
      column((c) => (PHONE_CHANNELS.includes(c.channel) ? c.address : (c.phone ?? null))),
      column((c) => (c.channel === 'email' ? c.address : (c.email ?? null))),
      column(() => uuidv7()),
      column((c) => c.channel),
      column((c) => c.address),
    ],
  );
}

export const insertContactWithIdentity = (sql: Sql, contact: NewContact): Promise<void> => insertContactsWithIdentities(sql, [contact]);
