// Raw PostgreSQL baseline: the ingest write transaction issued directly with `pg`, no HTTP, no ORM,
// no reads, into the same schema and onto the conversations the webhook load created.
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { percentile } from './load.mjs';

/** Conversations to write to (reused at random, as the load did) and one real outbox payload per event type. */
export async function loadFixtures(client, accountId) {
  const { rows: conversations } = await client.query(
    `select c.id, c.workspace_id, c.contact_id, c.channel_account_id, ct.name as contact_name
       from conversation c join contact ct on ct.id = c.contact_id
      where c.channel_account_id = $1`,
    [accountId],
  );
  const { rows: samples } = await client.query(
    `select distinct on (name) name, payload from outbox
      where name in ('message.created', 'conversation.updated', 'timeline.created') order by name, id desc`,
  );
  const payloads = Object.fromEntries(samples.map((s) => [s.name, s.payload]));
  for (const name of ['message.created', 'conversation.updated', 'timeline.created']) payloads[name] ??= { type: name, data: {} };
  return { conversations, payloads };
}

/** An outbox payload shaped (and sized) like the app's, with this transaction's ids. */
const payload = (sample, id, conversationId, at) => JSON.stringify({ ...sample, at, data: { ...sample.data, id, conversationId } });

const INSERT_MESSAGE = `insert into message (id, created_at, workspace_id, conversation_id, channel_account_id, direction, author_kind,
  author_id, author_name, body, delivery_status, provider_message_id) values ($1, $2, $3, $4, $5, 'inbound', 'contact', $6, $7, $8, 'received', $9)`;
const UPDATE_CONVERSATION = `update conversation set last_activity_at = $1, last_inbound_at = $1, last_message_preview = $2,
  reply_state = 'awaiting_reply', archived = false where id = $3`;
const INSERT_TIMELINE = `insert into timeline_event (id, created_at, workspace_id, conversation_id, type, actor_kind, actor_id, actor_name, data)
  values ($1, $2, $3, $4, 'message.received', 'contact', $5, $6, $7)`;
const INSERT_OUTBOX = `insert into outbox (workspace_id, queue, name, payload) values
  ($1, 'events', 'message.created', $2), ($1, 'events', 'conversation.updated', $3), ($1, 'events', 'timeline.created', $4)`;

let seq = 0;
const BODY = 'Hi, is my technician still coming today between 2 and 4?';

/** `full`: what one inbound SMS writes. `minimal`: insert message + update conversation only. */
async function transaction(client, conv, payloads, full) {
  const messageId = uuidv7();
  const now = new Date();
  await client.query('begin');
  await client.query(INSERT_MESSAGE, [
    messageId,
    now,
    conv.workspace_id,
    conv.id,
    conv.channel_account_id,
    conv.contact_id,
    conv.contact_name,
    BODY,
    `RAW${(seq++).toString(16)}`,
  ]);
  await client.query(UPDATE_CONVERSATION, [now, BODY, conv.id]);
  if (full) {
    const timelineId = uuidv7();
    await client.query(INSERT_TIMELINE, [timelineId, now, conv.workspace_id, conv.id, conv.contact_id, conv.contact_name, JSON.stringify({ messageId })]);
    const at = now.toISOString();
    await client.query(INSERT_OUTBOX, [
      conv.workspace_id,
      payload(payloads['message.created'], messageId, conv.id, at),
      payload(payloads['conversation.updated'], conv.id, conv.id, at),
      payload(payloads['timeline.created'], timelineId, conv.id, at),
    ]);
  }
  await client.query('commit');
}

/**
 * `clients` connections, each looping transactions for `seconds`; returns transactions/s and latency.
 * `beforeClose` runs while the backends still exist (their CPU time is read from /proc).
 */
export async function runRaw({ connectionString, fixtures, clients, seconds, full, beforeClose }) {
  const { conversations, payloads } = fixtures;
  if (!conversations.length) throw new Error('no conversations to write to (did the load store anything?)');
  const pool = new pg.Pool({ connectionString, max: clients });
  const connections = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
  const latencies = [];
  let committed = 0;
  let errors = 0;
  const startedAt = performance.now();
  const deadline = startedAt + seconds * 1000;
  let elapsed;
  let usage;
  try {
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < deadline) {
          const conv = conversations[Math.floor(Math.random() * conversations.length)];
          const t0 = performance.now();
          try {
            await transaction(client, conv, payloads, full);
            committed++;
            latencies.push(performance.now() - t0);
          } catch {
            errors++;
            await client.query('rollback').catch(() => undefined);
          }
        }
      }),
    );
    elapsed = (performance.now() - startedAt) / 1000;
    usage = await beforeClose?.();
  } finally {
    connections.forEach((c) => c.release());
    await pool.end();
  }
  latencies.sort((a, b) => a - b);
  return { ...usage, tps: committed / elapsed, committed, errors, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}
