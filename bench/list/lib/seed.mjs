// The dataset of the list benchmark: 3 workspaces (500k / 300k / 200k conversations by default), ~5
// messages per conversation, created through the API where the API is the only sane way (signup, users
// with argon2 passwords, channel accounts with sealed secrets, campaigns) and by set-based SQL inside the
// database for the bulk (contacts, identities, conversations, messages, read markers, bookings, drafts).
//
// Shape (all pseudo-random but deterministic: every draw is a hash of the row number):
// - last activity spread over 2 years, 3× denser now than 2 years ago (a growing business);
// - statuses by age: recent conversations are mostly open, older ones ~95% resolved; old resolved ones
//   are archived 30% of the time; assignees on most escalations and half of the resolved;
// - channels: two SMS numbers, WhatsApp, email, web chat; 3% of conversations come from a campaign;
// - message bodies: 4–17 words drawn from a Zipf-like law over a 100k-word vocabulary (vocab.mjs);
// - contacts: names, E.164 phones (85%), emails (60%); some contacts have two conversations;
// - the admin has read ~97% of older conversations and ~70% of the last week's (the rest is unread:
//   never opened, a newer inbound message, or "marked as unread"); operators read what they handle.
//
// Speed: secondary indexes of the big tables are dropped during the load and rebuilt afterwards (one
// sort per index instead of 5M random inserts; GIN built in maintenance_work_mem), foreign-key
// triggers are off (session_replication_role = replica: the rows are consistent by construction),
// commits are asynchronous, and the staging tables are UNLOGGED. VACUUM ANALYZE at the end (autovacuum
// is off on this server) sets the visibility map for index-only scans and gives the planner statistics.
import { performance } from 'node:perf_hooks';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, vocabulary } from './vocab.mjs';
import { progressBar } from './progress.mjs';
import { SEED_VERSION, settings } from './settings.mjs';
import { apiCall } from '../../ingest/lib/app.mjs';

const VOCAB_SIZE = 100_000;
const BODY_POOL = 1 << 20; // message bodies are drawn from a pool of 1,048,576 generated texts
const TABLES_REINDEXED = ['conversation', 'message', 'contact'];
const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

export const adminEmail = (letter) => `admin-${letter}@bench-list.test`;

export async function login(api, email) {
  return apiCall(api, 'POST', '/api/v1/auth/login', { email, password: settings.password });
}

/** Workspaces, users, channel accounts and campaigns, through the public API. */
export async function setupThroughApi(api, log) {
  const workspaces = [];
  for (const [w, size] of settings.workspaces.entries()) {
    const letter = LETTERS[w];
    const signup = await apiCall(api, 'POST', '/api/v1/auth/signup', {
      workspaceName: `Bench ${letter.toUpperCase()} (${size.toLocaleString('en-US')} conversations)`,
      name: `Admin ${letter.toUpperCase()}`,
      email: adminEmail(letter),
      password: settings.password,
    });
    const token = signup.accessToken;
    const users = [signup.user.id];
    for (let k = 0; k < (settings.operators[w] ?? 5); k++) {
      const name = `${FIRST_NAMES[(k * 7 + w) % FIRST_NAMES.length]} ${LAST_NAMES[(k * 13 + w) % LAST_NAMES.length]}`.replace(/\b\w/g, (c) => c.toUpperCase());
      const user = await apiCall(
        api,
        'POST',
        '/api/v1/users',
        { email: `op${k + 1}-${letter}@bench-list.test`, name, password: settings.password, role: 'operator' },
        token,
      );
      users.push(user.id);
    }
    // Order matters: the SQL below weights accounts by position (SMS main 35%, SMS sales 15%, WhatsApp 25%, email 20%, web chat 5%).
    const accountSpecs = [
      {
        plugin: 'twilio-sms',
        name: 'SMS main',
        config: { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'bench-token', fromNumber: `+1555000${w}001`, apiBaseUrl: 'http://127.0.0.1:9' },
      },
      {
        plugin: 'twilio-sms',
        name: 'SMS sales',
        config: { accountSid: `AC${'b2'.repeat(16)}`, authToken: 'bench-token', fromNumber: `+1555000${w}002`, apiBaseUrl: 'http://127.0.0.1:9' },
      },
      {
        plugin: 'whatsapp-cloud',
        name: 'WhatsApp',
        config: { phoneNumberId: `12345678${w}0`, accessToken: 'wa-token', appSecret: 'wa-secret', verifyToken: 'wa-verify' },
      },
      { plugin: 'email', name: 'Support email', config: { address: `support-${letter}@example.test`, smtp: { host: '127.0.0.1', port: 2525, secure: false } } },
      { plugin: 'webchat', name: 'Web chat', config: { allowedOrigins: ['https://example.com'] } },
    ];
    const accounts = [];
    for (const spec of accountSpecs) {
      const account = await apiCall(api, 'POST', '/api/v1/channel-accounts', spec, token);
      accounts.push({ id: account.id, channel: account.channel });
    }
    const campaigns = [];
    for (const name of ['Spring tune-up', 'Winter check']) {
      campaigns.push((await apiCall(api, 'POST', '/api/v1/campaigns', { name, channelAccountId: accounts[0].id }, token)).id);
    }
    workspaces.push({
      letter,
      id: signup.user.workspaceId,
      adminId: signup.user.id,
      adminEmail: adminEmail(letter),
      users,
      accounts,
      campaigns,
      conversations: size,
    });
    log(`  workspace ${letter.toUpperCase()}: ${users.length} users, ${accounts.length} channel accounts, ${campaigns.length} campaigns`);
  }
  return workspaces;
}

const FUNCTIONS = `
  create or replace function pg_temp.h(a bigint, s bigint) returns bigint language sql immutable parallel safe
    as $$ select hashint8extended(a, s) & 9223372036854775807 $$;
  create or replace function pg_temp.u(a bigint, s bigint) returns float8 language sql immutable parallel safe
    as $$ select (hashint8extended(a, s) & 9007199254740991)::float8 / 9007199254740992.0 $$;
  -- A UUIDv7 (what the app generates) for a time, the random bits a hash of salt.
  create or replace function pg_temp.uuid7(ts timestamptz, salt bigint) returns uuid language sql immutable parallel safe as $$
    select (lpad(to_hex(floor(extract(epoch from ts) * 1000)::bigint), 12, '0')
            || '7' || lpad(to_hex(pg_temp.h(salt, 101) & 4095), 3, '0')
            || to_hex(8 + (pg_temp.h(salt, 102) & 3)) || lpad(to_hex(pg_temp.h(salt, 103) & 4095), 3, '0')
            || lpad(to_hex(pg_temp.h(salt, 104) & 281474976710655), 12, '0'))::uuid $$;
  -- Position in time (0 = two years ago, 1 = now) of the i-th of n conversations: density grows 1 → 3.
  create or replace function pg_temp.t_of(i bigint, n bigint) returns float8 language sql immutable parallel safe
    as $$ select (sqrt(1 + 8 * ((i + 0.5) / n)) - 1) / 2 $$;`;

/** Runs `work(lo, hi)` over [0, total) in chunks, with a progress bar. */
async function chunked(label, total, chunk, work) {
  const bar = progressBar(label, total);
  for (let lo = 0; lo < total; lo += chunk) {
    const hi = Math.min(total, lo + chunk) - 1;
    await work(lo, hi);
    bar.update(hi + 1);
  }
  return bar.done();
}

/** Per time slice, each workspace's share of it: rows land in the heap roughly in time order, as in production. */
function slices(workspaces, count) {
  const out = [];
  for (let s = 0; s < count; s++) {
    for (const [w, ws] of workspaces.entries()) {
      const lo = Math.floor((s * ws.conversations) / count);
      const hi = Math.floor(((s + 1) * ws.conversations) / count) - 1;
      if (hi >= lo) out.push({ w, ws, lo, hi });
    }
  }
  return out;
}

async function slicedWork(label, workspaces, totalRows, rowsPerSlice, work) {
  const total = workspaces.reduce((n, ws) => n + ws.conversations, 0);
  const count = Math.max(1, Math.ceil(total / workspaces.length / rowsPerSlice));
  const bar = progressBar(label, totalRows);
  let done = 0;
  for (const part of slices(workspaces, count)) {
    await work(part);
    done += Math.round(((part.hi - part.lo + 1) / total) * totalRows);
    bar.update(Math.min(done, totalRows));
  }
  return bar.done();
}

/** Drops the secondary indexes (and unique constraints) of the big tables; returns how to rebuild them. */
async function dropSecondaryIndexes(db) {
  const { rows } = await db.query(
    `select t.relname as table, ci.relname as name, pg_get_indexdef(i.indexrelid) as def, c.contype, pg_get_constraintdef(c.oid) as condef
       from pg_index i
       join pg_class t on t.oid = i.indrelid
       join pg_class ci on ci.oid = i.indexrelid
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
      where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and not i.indisprimary
      order by t.relname, ci.relname`,
    [TABLES_REINDEXED],
  );
  for (const r of rows) {
    await db.query(r.contype ? `alter table "${r.table}" drop constraint "${r.name}"` : `drop index "${r.name}"`);
  }
  return rows.map((r) => ({ table: r.table, name: r.name, sql: r.contype ? `alter table "${r.table}" add constraint "${r.name}" ${r.condef}` : r.def }));
}

async function count(db, table) {
  return Number((await db.query(`select count(*) as n from ${table}`)).rows[0].n);
}

/**
 * Fills the database (already migrated, with the API-made workspaces) with the bulk rows.
 * Returns timings per phase and row counts.
 */
export async function seedBulk(db, workspaces, log) {
  const t0 = new Date();
  t0.setUTCSeconds(0, 0);
  const now = t0.toISOString();
  const timings = [];
  const started = performance.now();
  const phase = async (name, fn) => {
    const seconds = await fn();
    timings.push({ name, seconds });
  };

  await db.query(`set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '1GB';
                  set max_parallel_maintenance_workers = 2; set work_mem = '256MB'; set jit = off;`);
  await db.query(FUNCTIONS);

  const rebuild = await dropSecondaryIndexes(db);
  log(`dropped ${rebuild.length} secondary indexes of ${TABLES_REINDEXED.join(', ')} for the load (rebuilt at the end)`);

  // Vocabulary and the pool of message bodies.
  await db.query('create unlogged table seed_vocab (rank int primary key, word text not null)');
  await db.query('insert into seed_vocab select r, w from unnest($1::text[]) with ordinality as v(w, r)', [vocabulary(VOCAB_SIZE)]);
  await db.query('create unlogged table seed_body (n int primary key, body text not null)');
  await phase('message texts (pool of 1M)', () =>
    chunked('message texts', BODY_POOL, 1 << 17, (lo, hi) =>
      db.query(
        `insert into seed_body (n, body)
         select n, (select string_agg(v.word, ' ' order by s)
                      from generate_series(1, 4 + (pg_temp.h(n, 40) % 14)::int) s
                      join seed_vocab v on v.rank = least($3::int, greatest(1, floor(exp(pg_temp.u(n::bigint * 32 + s, 41) * ln($3::int + 1)))::int)))
           from generate_series($1::int, $2::int) n`,
        [lo, hi, VOCAB_SIZE],
      ),
    ),
  );

  // Contacts: contact n of a workspace is the contact of conversations i with floor(0.8·i) = n.
  await db.query(
    `create unlogged table seed_contact (ws int, n int, id uuid not null, created_at timestamptz not null, name text, phone text, email text, primary key (ws, n))`,
  );
  const contactsOf = (ws) => Math.floor((ws.conversations - 1) * 0.8) + 1;
  const contactTotal = workspaces.reduce((n, ws) => n + contactsOf(ws), 0);
  let contactOffset = 0;
  const contactOffsets = workspaces.map((ws) => {
    const offset = contactOffset;
    contactOffset += contactsOf(ws);
    return offset;
  });
  await phase('contacts', async () => {
    const bar = progressBar('contacts', contactTotal);
    let done = 0;
    for (const [w, ws] of workspaces.entries()) {
      for (let lo = 0; lo < contactsOf(ws); lo += settings.chunk) {
        const hi = Math.min(contactsOf(ws), lo + settings.chunk) - 1;
        await db.query(
          `insert into seed_contact (ws, n, id, created_at, name, phone, email)
           select $1::int, n, pg_temp.uuid7(ca, g + 1000000000), ca, initcap(fn) || ' ' || initcap(ln),
                  case when pg_temp.u(g, 2) < 0.85 then '+1' || (201 + pg_temp.h(g, 3) % 798)::text || lpad((pg_temp.h(g, 4) % 10000000)::text, 7, '0') end,
                  case when pg_temp.u(g, 5) < 0.6 or pg_temp.u(g, 2) >= 0.85
                       then fn || '.' || ln || (pg_temp.h(g, 6) % 1000)::text || '@' || ($9::text[])[1 + pg_temp.h(g, 7) % cardinality($9::text[])] end
             from (select n, $2::bigint + n as g,
                          $3::timestamptz - interval '1 day' * 730 * (1 - pg_temp.t_of(ceil(n / 0.8)::bigint, $4::bigint)) - interval '10 minutes' as ca,
                          ($7::text[])[1 + pg_temp.h($2::bigint + n, 0) % cardinality($7::text[])] as fn,
                          ($8::text[])[1 + pg_temp.h($2::bigint + n, 1) % cardinality($8::text[])] as ln
                     from generate_series($5::int, $6::int) n) x`,
          [w, contactOffsets[w], now, ws.conversations, lo, hi, FIRST_NAMES, LAST_NAMES, EMAIL_DOMAINS],
        );
        await db.query(
          `insert into contact (id, created_at, workspace_id, name, email, phone, updated_at)
           select id, created_at, $1::uuid, name, email, phone, created_at from seed_contact where ws = $2 and n between $3 and $4 order by n`,
          [ws.id, w, lo, hi],
        );
        await db.query(
          `insert into contact_identity (id, created_at, workspace_id, contact_id, channel, address)
           select pg_temp.uuid7(created_at, ($5::bigint + n) * 2 + k), created_at, $1::uuid, id, ch::channel_kind, address
             from seed_contact, lateral (values (0, 'sms', phone), (1, 'email', email)) as a(k, ch, address)
            where ws = $2 and n between $3 and $4 and address is not null
           on conflict do nothing`,
          [ws.id, w, lo, hi, contactOffsets[w]],
        );
        done += hi - lo + 1;
        bar.update(done);
      }
    }
    return bar.done();
  });

  // Conversations, staged with everything the messages need to agree with them.
  await db.query(`create unlogged table seed_conv (
      ws int, i int, gid bigint not null, id uuid not null, workspace_id uuid not null, contact_id uuid not null,
      channel_account_id uuid not null, channel channel_kind not null, status conversation_status not null, archived boolean not null,
      assignee_id uuid, campaign_id uuid, created_at timestamptz not null, gap float8 not null, k int not null,
      last_inbound boolean not null, pending_drafts int not null, priority smallint not null, age float8 not null,
      last_activity_at timestamptz not null, last_inbound_at timestamptz, primary key (ws, i))`);
  let gidOffset = 0;
  const gidOffsets = workspaces.map((ws) => {
    const offset = gidOffset;
    gidOffset += ws.conversations;
    return offset;
  });
  const conversationTotal = gidOffset;
  await phase('conversations', () =>
    slicedWork('conversations', workspaces, conversationTotal, settings.chunk, async ({ w, ws, lo, hi }) => {
      await db.query(
        `insert into seed_conv
         select $1::int, i, g, pg_temp.uuid7(created, g), $2::uuid, sc.id, ($8::uuid[])[acc], ($9::text[])[acc]::channel_kind, status,
                status in ('resolved', 'opted_out') and age > 60 and pg_temp.u(g, 20) < 0.3,
                case when (status = 'human_handling' and pg_temp.u(g, 21) < 0.9) or (status = 'resolved' and pg_temp.u(g, 21) < 0.5)
                          or (status = 'ai_handling' and pg_temp.u(g, 21) < 0.03)
                     then ($10::uuid[])[1 + pg_temp.h(g, 22) % cardinality($10::uuid[])] end,
                case when camp then ($11::uuid[])[1 + pg_temp.h(g, 23) % cardinality($11::uuid[])] end,
                created, gap, k, last_inbound,
                case when status = 'ai_handling' and pg_temp.u(g, 15) < 0.15 then 1 else 0 end,
                case when status = 'human_handling' and last_inbound and pg_temp.u(g, 16) < 0.3 then 1 else 0 end,
                age,
                created + make_interval(secs => (k - 1) * gap),
                case when last_inbound then created + make_interval(secs => (k - 1) * gap)
                     when k >= 2 then created + make_interval(secs => (k - 2) * gap) end
           from (
             select i, g, age, created, k, camp, status,
                    case when camp then 1 else (case when ua < 0.35 then 1 when ua < 0.50 then 2 when ua < 0.75 then 3 when ua < 0.95 then 4 else 5 end) end as acc,
                    least(60 + 28800 * pg_temp.u(g, 17) ^ 2, extract(epoch from ($3::timestamptz - created)) / k) as gap,
                    case status when 'human_handling' then ud < 0.6 when 'ai_handling' then ud < 0.55 when 'resolved' then ud < 0.15 else true end as last_inbound
               from (
                 select i, g, age, created, k, camp, ua, ud,
                        (case when age < 2 then (case when us < 0.40 then 'ai_handling' when us < 0.65 then 'human_handling' when us < 0.68 then 'opted_out' else 'resolved' end)
                              when age < 30 then (case when us < 0.06 then 'ai_handling' when us < 0.14 then 'human_handling' when us < 0.17 then 'opted_out' else 'resolved' end)
                              else (case when us < 0.01 then 'ai_handling' when us < 0.025 then 'human_handling' when us < 0.055 then 'opted_out' else 'resolved' end)
                         end)::conversation_status as status
                   from (
                     select i, g, 730 * (1 - t) as age, $3::timestamptz - interval '1 day' * 730 * (1 - t) as created,
                            1 + (pg_temp.h(g, 10) % 9)::int as k, pg_temp.u(g, 12) < 0.03 as camp,
                            pg_temp.u(g, 11) as ua, pg_temp.u(g, 13) as us, pg_temp.u(g, 14) as ud
                       from (select i, $4::bigint + i as g, pg_temp.t_of(i, $5::bigint) as t from generate_series($6::int, $7::int) i) a
                   ) b
               ) c
           ) d
           join seed_contact sc on sc.ws = $1::int and sc.n = floor(d.i * 0.8)::int`,
        [w, ws.id, now, gidOffsets[w], ws.conversations, lo, hi, ws.accounts.map((a) => a.id), ws.accounts.map((a) => a.channel), ws.users, ws.campaigns],
      );
      await db.query(
        `insert into conversation (id, created_at, workspace_id, contact_id, channel_account_id, channel, status, assistant_state, reply_state,
                                   assignee_id, escalation_reason, escalated_at, campaign_id, archived, priority, sla_breached_at,
                                   last_activity_at, last_inbound_at, last_message_preview, pending_drafts, resolved_at)
         select s.id, s.created_at, s.workspace_id, s.contact_id, s.channel_account_id, s.channel, s.status,
                case when s.status = 'opted_out' then 'blocked' else 'active' end::assistant_state,
                case when s.last_inbound then 'awaiting_reply' else 'replied' end::reply_state,
                s.assignee_id,
                case when s.status = 'human_handling' then (array['Customer asked for a person', 'Frustration detected', 'Low-confidence answer', 'Pricing question'])[1 + pg_temp.h(s.gid, 24) % 4] end,
                case when s.status = 'human_handling' then s.last_activity_at - interval '10 minutes' end,
                s.campaign_id, s.archived, s.priority,
                case when s.priority = 1 then s.last_activity_at + interval '5 minutes' end,
                s.last_activity_at, s.last_inbound_at, left(b.body, 160), s.pending_drafts,
                case when s.status = 'resolved' then s.last_activity_at end
           from seed_conv s
           join seed_body b on b.n = pg_temp.h(s.gid * 16 + s.k, 30) & ${BODY_POOL - 1}
          where s.ws = $1 and s.i between $2 and $3
          order by s.i`,
        [w, lo, hi],
      );
    }),
  );

  // Messages: k per conversation, alternating directions, ending with the staged last direction.
  const messageTotal = Number((await db.query('select sum(k) as n from seed_conv')).rows[0].n);
  await phase('messages', () =>
    slicedWork('messages', workspaces, messageTotal, settings.chunk, ({ w, lo, hi }) =>
      db.query(
        `insert into message (id, created_at, workspace_id, conversation_id, channel_account_id, direction, author_kind, body, subject,
                              delivery_status, provider_message_id, ai_generated)
         select pg_temp.uuid7(x.at, s.gid * 16 + j), x.at, s.workspace_id, s.id, s.channel_account_id, x.dir,
                case when x.dir = 'inbound' then 'contact' when pg_temp.u(s.gid * 16 + j, 31) < 0.7 then 'ai' else 'operator' end::author_kind,
                b.body,
                case when s.channel = 'email' and j = 1 then (select left(b2.body, 60) from seed_body b2 where b2.n = pg_temp.h(s.gid * 16, 32) & ${BODY_POOL - 1}) end,
                case when x.dir = 'inbound' then 'received' else 'delivered' end::delivery_status,
                'bench-' || s.gid || '-' || j,
                x.dir = 'outbound' and pg_temp.u(s.gid * 16 + j, 31) < 0.7
           from seed_conv s
           cross join lateral generate_series(1, s.k) j
           cross join lateral (select s.created_at + make_interval(secs => (j - 1) * s.gap) as at,
                                      (case when ((s.k - j) % 2 = 0) = s.last_inbound then 'inbound' else 'outbound' end)::message_direction as dir) x
           join seed_body b on b.n = pg_temp.h(s.gid * 16 + j, 30) & ${BODY_POOL - 1}
          where s.ws = $1 and s.i between $2 and $3
          order by x.at`,
        [w, lo, hi],
      ),
    ),
  );

  // Read markers (per user), bookings, drafts.
  await phase('read markers, bookings, drafts', () =>
    slicedWork('read markers, bookings, drafts', workspaces, conversationTotal, settings.chunk * 2, async ({ w, ws, lo, hi }) => {
      await db.query(
        `insert into read_marker (user_id, conversation_id, workspace_id, read_at, marked_unread)
         select $4::uuid, id, workspace_id,
                case kind when 'stale' then last_inbound_at - interval '1 minute' else last_activity_at + interval '1 minute' end,
                kind = 'marked'
           from (select s.*,
                        case when pg_temp.u(gid, 50) < (case when age < 7 then 0.3 else 0.03 end)
                             then (case when pg_temp.u(gid, 51) < 0.4 then 'none'
                                        when pg_temp.u(gid, 51) < 0.85 and last_inbound_at is not null then 'stale'
                                        when pg_temp.u(gid, 51) < 0.85 then 'read'
                                        else 'marked' end)
                             else 'read' end as kind
                   from seed_conv s where s.ws = $1 and s.i between $2 and $3) x
          where kind <> 'none'
         union all
         select assignee_id, id, workspace_id, last_activity_at, false
           from seed_conv where ws = $1 and i between $2 and $3 and assignee_id is not null and assignee_id <> $4::uuid`,
        [w, lo, hi, ws.adminId],
      );
      await db.query(
        `insert into booking (id, created_at, workspace_id, conversation_id, external_id, job_type, url, status, cancelled_at)
         select pg_temp.uuid7(last_activity_at, gid * 16 + 15), last_activity_at - interval '1 hour', workspace_id, id, 'job-' || gid,
                (array['Furnace tune-up', 'Water heater repair', 'AC service', 'Drain cleaning'])[1 + pg_temp.h(gid, 61) % 4],
                'https://jobs.example.test/' || gid,
                case when pg_temp.u(gid, 62) < 0.9 then 'active' else 'cancelled' end::booking_status,
                case when pg_temp.u(gid, 62) >= 0.9 then last_activity_at end
           from seed_conv where ws = $1 and i between $2 and $3 and pg_temp.u(gid, 60) < 0.02`,
        [w, lo, hi],
      );
      await db.query(
        `insert into draft (id, created_at, workspace_id, conversation_id, body, intent, status)
         select pg_temp.uuid7(last_activity_at, gid * 16 + 14), last_activity_at, workspace_id, id, 'Thanks for reaching out, a technician can come tomorrow morning.', 'booking', 'pending'
           from seed_conv where ws = $1 and i between $2 and $3 and pending_drafts > 0`,
        [w, lo, hi],
      );
    }),
  );

  await db.query('reset session_replication_role');
  await phase('rebuild indexes', async () => {
    const bar = progressBar('rebuild indexes', rebuild.length, { unit: ' indexes' });
    for (const [n, index] of rebuild.entries()) {
      await db.query(index.sql);
      bar.update(n + 1);
    }
    return bar.done();
  });
  // Triggers were off during the load: what they keep (conversation counters, search documents) is
  // recomputed once.
  await phase('derived rows', async () => {
    const started = performance.now();
    await db.query('select conversation_count_rebuild()');
    await db.query('select conversation_search_rebuild()');
    return (performance.now() - started) / 1000;
  });
  await db.query('drop table seed_conv, seed_contact, seed_body, seed_vocab');
  const vacuumed = [
    'conversation',
    'message',
    'contact',
    'contact_identity',
    'read_marker',
    'booking',
    'draft',
    'app_user',
    'channel_account',
    'campaign',
    'workspace',
  ];
  await phase('vacuum analyze', () =>
    chunked('vacuum analyze', vacuumed.length, 1, async (lo) => {
      await db.query(`vacuum (analyze) "${vacuumed[lo]}"`);
    }),
  );
  await db.query('checkpoint').catch(() => undefined);

  const counts = {};
  for (const table of ['conversation', 'message', 'contact', 'contact_identity', 'read_marker', 'booking', 'draft']) counts[table] = await count(db, table);
  return { t0: now, seconds: (performance.now() - started) / 1000, timings, counts };
}

/** The seeding record kept on the database itself (COMMENT ON DATABASE): a later run reuses the data. */
export function seedKey() {
  return { seedVersion: SEED_VERSION, workspaces: settings.workspaces };
}
