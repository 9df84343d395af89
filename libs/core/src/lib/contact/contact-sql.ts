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

/**
 * A new contact reachable at `address` (already normalized) on `channel`, on the SQL write paths
 * (ingest of a first message or a first STOP), with the address locked by `lockAddress`.
 */
export async function insertContactWithIdentity(
  sql: Sql,
  c: { id: string; workspaceId: string; channel: ChannelKind; address: string; name: string | null },
): Promise<void> {
  await sql(
    `with c as (insert into contact (id, workspace_id, name, phone, email) values ($1, $2, $3, $4, $5))
     insert into contact_identity (id, workspace_id, contact_id, channel, address) values ($6, $2, $1, $7, $8)`,
    [
      c.id,
      c.workspaceId,
      c.name,
      PHONE_CHANNELS.includes(c.channel) ? c.address : null,
      c.channel === 'email' ? c.address : null,
      uuidv7(),
      c.channel,
      c.address,
    ],
  );
}
