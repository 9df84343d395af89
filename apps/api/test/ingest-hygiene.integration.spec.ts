import twilio from 'twilio';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestApp, insertConversation, metaMessagePayload, signMetaPayload, signupWorkspace, type TestApp } from './harness';

const AUTH_TOKEN = 'hygiene-auth-token-0123456789abcdef';
const ACCOUNT_SID = `AC${'e1'.repeat(16)}`;
const PHONE_NUMBER_ID = '106540352243111';
const APP_SECRET = 'hygiene-app-secret-0123456789';

/** Issue 12 point 4: one bad character (or one bad event) never loses the good messages of a delivery. */
describe('ingest hygiene', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let sms: { id: string; webhookUrl: string };
  let whatsapp: { id: string };
  let sid = 0;

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => t.orm.em.getConnection().execute(text, params);
  const inboundOf = (address: string) =>
    sql<{ body: string; provider_message_id: string; author_name: string | null }>(
      `select m.body, m.provider_message_id, m.author_name from message m join conversation c on c.id = m.conversation_id
         join contact_identity ci on ci.contact_id = c.contact_id
        where ci.address = ? and m.direction = 'inbound' order by m.created_at, m.id`,
      [address],
    );

  const twilioWebhook = (params: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${sms.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, sms.webhookUrl, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
  const inboundSms = (from: string, body: string) => ({
    MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
    AccountSid: ACCOUNT_SID,
    From: from,
    To: '+15550008888',
    Body: body,
    NumMedia: '0',
    SmsStatus: 'received',
  });

  /** One signed delivery carrying several messages (Meta batches them in one change). */
  const metaBatch = (...messages: Parameters<typeof metaMessagePayload>[1][]) => {
    const parts = messages.map(
      (m) => metaMessagePayload(PHONE_NUMBER_ID, m) as { entry: { changes: { value: { contacts: unknown[]; messages: unknown[] } }[] }[] },
    );
    const [first, ...rest] = parts;
    const value = first.entry[0].changes[0].value;
    for (const p of rest) {
      value.contacts.push(...p.entry[0].changes[0].value.contacts);
      value.messages.push(...p.entry[0].changes[0].value.messages);
    }
    return JSON.stringify(first);
  };
  const metaWebhook = (body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${whatsapp.id}`,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaPayload(APP_SECRET, body) },
      payload: body,
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Hygiene');
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    sms = (
      await t.request('POST', '/api/v1/channel-accounts', {
        token: admin.token,
        body: { plugin: 'twilio-sms', name: 'SMS', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+15550008888' } },
      })
    ).body;
    whatsapp = (
      await t.request('POST', '/api/v1/channel-accounts', {
        token: admin.token,
        body: {
          plugin: 'whatsapp-cloud',
          name: 'WhatsApp',
          config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: 'hygiene-access-token', appSecret: APP_SECRET, verifyToken: 'verify-me' },
        },
      })
    ).body;
  });
  afterAll(() => t.close());

  it('stores a signed SMS whose Body contains %00, without the NUL, and dedupes its replay', async () => {
    const params = inboundSms('+15557710001', 'Boiler\u0000 is leaking');
    const first = await twilioWebhook(params);
    expect(first.statusCode).toBe(200);
    const replay = await twilioWebhook(params);
    expect(replay.statusCode).toBe(200);
    expect((await inboundOf('+15557710001')).map((m) => m.body)).toEqual(['Boiler is leaking']);
  });

  it('stores both messages of a WhatsApp batch when one contains \\u0000, and dedupes the replay', async () => {
    const body = metaBatch(
      { from: '+15557720001', name: 'Good Sender', text: 'first, clean' },
      { from: '+15557720001', name: 'Good Sender', text: 'second\u0000 with a NUL' },
    );
    expect(body).toContain('\\u0000');
    const first = await metaWebhook(body);
    expect(first.statusCode).toBe(200);
    const replay = await metaWebhook(body);
    expect(replay.statusCode).toBe(200);
    expect((await inboundOf('+15557720001')).map((m) => m.body)).toEqual(['first, clean', 'second with a NUL']);
  });

  it('replaces lone surrogates (text and profile name) with U+FFFD', async () => {
    const body = metaBatch({ from: '+15557730001', name: 'Bad \ud800 Name', text: 'lone \ud800 high' }, { from: '+15557730002', text: 'good one' });
    expect(body).toContain('\\ud800');
    expect((await metaWebhook(body)).statusCode).toBe(200);
    expect(await inboundOf('+15557730001')).toEqual([expect.objectContaining({ body: 'lone \ufffd high', author_name: 'Bad \ufffd Name' })]);
    expect((await inboundOf('+15557730002')).map((m) => m.body)).toEqual(['good one']);
    const [contact] = await sql<{ name: string }>(
      "select ct.name from contact ct join contact_identity ci on ci.contact_id = ct.id where ci.address = '+15557730001'",
    );
    expect(contact.name).toBe('Bad \ufffd Name');
  });

  it('skips an event the database refuses for good, keeps the rest of the batch, and answers 200', async () => {
    // A provider id far past the unique index's row limit: no retry can ever store it.
    const poison = `wamid.${randomBytes(12_000).toString('base64')}`;
    const body = metaBatch(
      { from: '+15557740001', text: 'before the poison' },
      { from: '+15557740001', id: poison, text: 'poison' },
      { from: '+15557740001', text: 'after the poison' },
    );
    const first = await metaWebhook(body);
    expect(first.statusCode).toBe(200);
    expect((await inboundOf('+15557740001')).map((m) => m.body)).toEqual(['before the poison', 'after the poison']);
    const replay = await metaWebhook(body);
    expect(replay.statusCode).toBe(200);
    expect((await inboundOf('+15557740001')).map((m) => m.body)).toEqual(['before the poison', 'after the poison']);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/parley_webhook_events_rejected_total\{plugin="whatsapp-cloud"[^}]*\} 2/);
  });

  it('answers 5xx when the database fails underneath (so the provider retries), then stores the retry once', async () => {
    const params = inboundSms('+15557750001', 'during an outage');
    const blocker = new Client({ connectionString: t.config.databaseUrl });
    await blocker.connect();
    try {
      // Hold inserts into `message`, then kill the ingest connection waiting on that lock: a real connection loss mid-transaction.
      await blocker.query('begin');
      await blocker.query('lock table message in exclusive mode');
      // inject() is lazy until then(): this sends the request.
      const pending = twilioWebhook(params).then((r) => r);
      let killed = 0;
      for (let i = 0; i < 200 && !killed; i++) {
        // Outside the blocker's transaction, which would see one frozen snapshot of pg_stat_activity.
        const rows = await sql(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'with conv as%'",
        );
        killed = rows.length;
        if (!killed) await new Promise((r) => setTimeout(r, 25));
      }
      expect(killed).toBe(1);
      const res = await pending;
      expect(res.statusCode).toBeGreaterThanOrEqual(500);
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    expect(await inboundOf('+15557750001')).toEqual([]);
    expect((await twilioWebhook(params)).statusCode).toBe(200);
    expect((await twilioWebhook(params)).statusCode).toBe(200);
    expect((await inboundOf('+15557750001')).map((m) => m.body)).toEqual(['during an outage']);
  }, 30_000);

  describe('API inputs', () => {
    const api = (method: string, url: string, body?: unknown, token: string | undefined = admin.token) =>
      t.request(method, url, { token, ...(body !== undefined ? { body } : {}) });
    let contactId: string;
    let conversationId: string;

    beforeAll(async () => {
      ({ id: conversationId, contactId } = await insertConversation(t, {
        workspaceId: admin.user.workspaceId,
        channelAccountId: sms.id,
        channel: 'sms',
        contact: { name: 'Rosa Diaz', phone: '+15557760001' },
        messages: [{ direction: 'inbound', body: 'The radiator knocks' }],
      }));
    });

    it('searches with a NUL in q', async () => {
      const urls = [
        '/api/v1/conversations?q=%00',
        '/api/v1/conversations?q=radi%00ator',
        '/api/v1/contacts?q=%00',
        '/api/v1/contacts?q=555%0077',
        '/api/v1/conversations/counts?q=%00x',
        '/api/v1/knowledge?cursor=%00',
      ];
      const failed: string[] = [];
      for (const url of urls) {
        const res = await api('GET', url);
        if (res.status >= 500) failed.push(`${url} → ${res.status}`);
      }
      expect(failed).toEqual([]);
      const found = await api('GET', '/api/v1/conversations?q=radi%00ator');
      expect(found.status).toBe(200);
      expect(found.body.items).toHaveLength(1);
    });

    it('stores names and JSON fields cleaned, never a 500', async () => {
      const res = await api('PATCH', `/api/v1/contacts/${contactId}`, {
        name: 'Ro\u0000sa \ud800',
        company: '\u0000Acme',
        metadata: { 'k\u0000': 'v\u0000\udc00', nested: ['\u0000'] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Rosa \ufffd', company: 'Acme', metadata: { k: 'v\ufffd', nested: [''] } });
      const note = await api('POST', `/api/v1/conversations/${conversationId}/notes`, { body: 'note\u0000 \ud83d' });
      expect(note.status).toBe(201);
      expect(note.body.body).toBe('note \ufffd');
    });

    it('answers login and signup with NUL in their fields as 2xx/4xx', async () => {
      const signup = await api(
        'POST',
        '/api/v1/auth/signup',
        { workspaceName: 'Nul\u0000 Co', name: 'N\u0000ul', email: 'nul.user@hygiene.test', password: 'correct\u0000 horse battery' },
        undefined,
      );
      expect(signup.status).toBe(201);
      expect(signup.body.user.name).toBe('Nul');
      const cases = [
        { email: 'nul.user@hygiene.test\u0000', password: 'correct horse battery' },
        { email: '\u0000nul.user@hygiene.test', password: 'correct horse battery' },
        { email: 'nul.user@hygiene.test', password: '\u0000' },
        { email: 'nul.user@hygiene.test', password: 'correct\u0000 horse battery' },
      ];
      const statuses = [];
      for (const body of cases) statuses.push((await api('POST', '/api/v1/auth/login', body, undefined)).status);
      // A password of only NUL is an empty one once cleaned: 400.
      expect(statuses).toEqual([200, 200, 400, 200]);
    });
  });
});
