import twilio from 'twilio';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, metaMessagePayload, signMetaPayload, signupWorkspace, waitFor, type TestApp } from './harness';

/**
 * Issue 12 point 5 (SSRF): an admin points a plugin at an internal address and makes the server fetch it.
 * This app lists only `localhost` in OUTBOUND_ALLOWED_HOSTS, so `127.0.0.1` is what an attacker would name
 * (the internal service listens there), while `localhost` stands for a legitimate local test double.
 */
const SECRET = 'INTERNAL-SECRET-7f3a';
const AUTH_TOKEN = 'guard-auth-token-0123456789abcdef';
const ACCOUNT_SID = `AC${'5e'.repeat(16)}`;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.alloc(16)]);
const HTML = Buffer.from(`<!DOCTYPE html><html><body><script>alert("${SECRET}")</script></body></html>`);

interface Seen {
  method: string;
  url: string;
  authorization?: string;
}

/** A tiny HTTP server that records what reaches it. */
class Recorder {
  readonly seen: Seen[] = [];
  private server?: Server;
  port = 0;

  constructor(private readonly handler: (req: IncomingMessage, res: ServerResponse, self: Recorder) => void) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => this.handler(req, res, this));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** What an attacker wants to read: metrics, an internal JSON API, a model server. Listens on 127.0.0.1 only. */
const internal = new Recorder((req, res) => {
  const path = req.url ?? '/';
  if (path.endsWith('/Messages.json')) {
    res.writeHead(400, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ code: 21211, message: `${SECRET} json`, status: 400 }));
  }
  if (path.includes('/chat/completions')) {
    res.writeHead(500, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ error: { message: `${SECRET} llm`, type: 'server_error' } }));
  }
  if (path === '/echo-auth.png') {
    res.writeHead(200, { 'content-type': 'image/png' });
    return void res.end(PNG);
  }
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  res.end(`# HELP parley_secret ${SECRET}\nparley_secret 42\n`);
});

/** A local test double reached as `localhost` (listed): media, redirects, and provider errors carrying text. */
const edge = new Recorder((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  const send = (status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  };
  if (path === '/media/photo.png') return send(200, 'image/png', PNG);
  if (path === '/media/fake.jpg') return send(200, 'image/jpeg', HTML);
  if (path === '/media/page.html') return send(200, 'text/html', HTML);
  if (path === '/media/hop-internal') return send(302, 'text/plain', '', { location: `http://127.0.0.1:${internal.port}/metrics` });
  if (path === '/media/hop-port') return send(302, 'text/plain', '', { location: `http://localhost:${internal.port}/echo-auth.png` });
  if (path.endsWith('/Messages.json')) return send(400, 'application/json', JSON.stringify({ code: 21211, message: `${SECRET} from a provider`, status: 400 }));
  if (path.includes('/chat/completions'))
    return send(500, 'application/json', JSON.stringify({ error: { message: `${SECRET} from a model server`, type: 'server_error' } }));
  // The Graph API's media lookup (GET /v21.0/:mediaId): answers with a URL that is not one of Meta's media hosts.
  const media = /^\/v\d+\.\d+\/(internal|elsewhere)$/.exec(path);
  if (media) {
    const url = media[1] === 'internal' ? `http://127.0.0.1:${internal.port}/metrics` : 'https://media.attacker.example/secret.jpg';
    return send(200, 'application/json', JSON.stringify({ url, mime_type: 'image/jpeg', id: media[1] }));
  }
  send(404, 'application/json', JSON.stringify({ code: 20404, message: 'not found' }));
});

jest.setTimeout(60_000);

describe('outbound HTTP guard (SSRF)', () => {
  let t: TestApp;
  let sid = 0;
  const internalUrl = () => `http://127.0.0.1:${internal.port}`;
  const edgeUrl = () => `http://localhost:${edge.port}`;
  const sql = (query: string, params: unknown[] = []) => t.orm.em.getConnection().execute(query, params);

  beforeAll(async () => {
    await internal.start();
    await edge.start();
    t = await createTestApp({ OUTBOUND_ALLOWED_HOSTS: 'localhost', ASSISTANT_DEBOUNCE_MS: '200' });
  });
  afterAll(async () => {
    await t.close();
    await internal.stop();
    await edge.stop();
  });
  beforeEach(() => {
    internal.seen.length = 0;
    edge.seen.length = 0;
  });

  async function smsDesk(apiBaseUrl: string, assistant = false) {
    const admin = await signupWorkspace(t, 'Guard');
    if (!assistant) expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: { plugin: 'twilio-sms', name: 'Line', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+15550009999', apiBaseUrl } },
    });
    expect(res.status).toBe(201);
    return { admin, account: res.body as { id: string; webhookUrl: string } };
  }

  /** A correctly signed inbound SMS (the attacker knows the auth token: they configured it). */
  async function text(desk: Awaited<ReturnType<typeof smsDesk>>, from: string, extra: Record<string, string> = {}) {
    const params = {
      MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
      AccountSid: ACCOUNT_SID,
      From: from,
      To: '+15550009999',
      Body: 'look',
      NumMedia: '0',
      SmsStatus: 'received',
      ...extra,
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${desk.account.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, desk.account.webhookUrl, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
    expect(res.statusCode).toBe(200);
    return params.MessageSid;
  }
  const mms = (desk: Awaited<ReturnType<typeof smsDesk>>, from: string, mediaUrl: string, contentType = 'image/png') =>
    text(desk, from, { NumMedia: '1', MediaUrl0: mediaUrl, MediaContentType0: contentType });

  /** The attachment row of an inbound message, once its fetch has finished (or `pending` after `ms`). */
  async function attachmentOf(providerMessageId: string, ms = 10_000): Promise<{ id: string; status: string; content_type: string; size: number }> {
    const rows = await waitFor(
      () =>
        sql('select a.id, a.status, a.content_type, a.size from attachment a join message m on m.id = a.message_id where m.provider_message_id = ?', [
          providerMessageId,
        ]),
      (r) => r.length === 1 && r[0].status !== 'pending',
      ms,
    );
    return rows[0] as { id: string; status: string; content_type: string; size: number };
  }
  const download = (token: string, id: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}`, headers: { authorization: `Bearer ${token}` } });

  it('refuses inbound media on an internal address: nothing fetched, stored or served', async () => {
    const desk = await smsDesk(internalUrl());
    const messageSid = await mms(desk, '+15557710001', `${internalUrl()}/metrics`, 'text/plain');
    const attachment = await attachmentOf(messageSid);
    expect(internal.seen).toEqual([]);
    expect(attachment.status).toBe('failed');
    const res = await download(desk.admin.token, attachment.id);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });

  it('never sends a media request to apiBaseUrl and its path prefix instead of the media URL', async () => {
    const desk = await smsDesk(`${internalUrl()}/prefix`);
    await mms(
      desk,
      '+15557710002',
      `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM${'0'.repeat(32)}/Media/ME${'0'.repeat(32)}`,
      'image/jpeg',
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(internal.seen).toEqual([]);
  });

  it('fetches media from a listed host, but refuses a redirect to an internal address and strips credentials across origins', async () => {
    const desk = await smsDesk(edgeUrl());
    const ok = await attachmentOf(await mms(desk, '+15557710003', `${edgeUrl()}/media/photo.png`));
    expect(ok).toMatchObject({ status: 'stored', content_type: 'image/png', size: PNG.length });
    const served = await download(desk.admin.token, ok.id);
    expect(served.statusCode).toBe(200);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(String(served.headers['content-disposition'])).toMatch(/^inline/);

    const hop = await attachmentOf(await mms(desk, '+15557710004', `${edgeUrl()}/media/hop-internal`));
    expect(hop.status).toBe('failed');
    expect(internal.seen).toEqual([]);

    // Another port is another origin: the account's Basic credentials stay behind.
    await attachmentOf(await mms(desk, '+15557710005', `${edgeUrl()}/media/hop-port`));
    expect(edge.seen.find((s) => s.url === '/media/hop-port')?.authorization).toMatch(/^Basic /);
    expect(internal.seen).toEqual([expect.objectContaining({ url: '/echo-auth.png', authorization: undefined })]);
  });

  it('refuses media from hosts that are not the provider’s media hosts', async () => {
    const desk = await smsDesk(edgeUrl());
    const attachment = await attachmentOf(await mms(desk, '+15557710006', 'https://media.attacker.example/x.png'), 5000);
    expect(attachment.status).toBe('failed');
  });

  it('stores a file as what its bytes are: HTML claiming to be a JPEG, or plain HTML, is refused', async () => {
    const desk = await smsDesk(edgeUrl());
    expect((await attachmentOf(await mms(desk, '+15557710007', `${edgeUrl()}/media/fake.jpg`, 'image/jpeg'))).status).toBe('failed');
    expect((await attachmentOf(await mms(desk, '+15557710008', `${edgeUrl()}/media/page.html`, 'text/html'))).status).toBe('failed');

    const upload = (data: Buffer, type: string, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(data)], { type }), name);
      const request = new Request('http://parley.test/', { method: 'POST', body: form });
      return request.arrayBuffer().then((body) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/attachments',
          headers: { authorization: `Bearer ${desk.admin.token}`, 'content-type': request.headers.get('content-type') ?? '' },
          payload: Buffer.from(body),
        }),
      );
    };
    expect((await upload(HTML, 'image/png', 'cat.png')).statusCode).toBe(415);
    expect((await upload(HTML, 'text/plain', 'notes.txt')).statusCode).toBe(415);
    const png = await upload(PNG, 'image/png', 'cat.png');
    expect(png.statusCode).toBe(201);
    const txt = await upload(Buffer.from('just some notes\n'), 'text/plain', 'notes.txt');
    expect(txt.statusCode).toBe(201);
    const served = await download(desk.admin.token, txt.json().id);
    expect(served.headers['content-type']).toContain('text/plain');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(String(served.headers['content-disposition'])).toMatch(/^attachment/);
  });

  it('refuses outbound sends to an internal address (no credentials leave) and never reflects a provider’s body', async () => {
    for (const [base, phone] of [
      [internalUrl(), '+15557710010'],
      [edgeUrl(), '+15557710011'],
    ]) {
      const desk = await smsDesk(base);
      await text(desk, phone);
      const [conversation] = (await t.request('GET', `/api/v1/conversations?q=${phone.slice(-7)}`, { token: desk.admin.token })).body.items;
      await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: desk.admin.token, body: { body: 'Hello' } });
      const messages = await waitFor(
        async () => (await t.request('GET', `/api/v1/conversations/${conversation.id}/messages`, { token: desk.admin.token })).body.items,
        (ms: { deliveryStatus: string; error: unknown }[]) => ms[1]?.deliveryStatus === 'failed',
      );
      expect(messages[1].deliveryStatus).toBe('failed');
      expect(JSON.stringify(messages[1].error)).not.toContain(SECRET);
    }
    expect(internal.seen).toEqual([]);
    expect(edge.seen).toEqual([expect.objectContaining({ method: 'POST', authorization: expect.stringMatching(/^Basic /) })]);
  });

  it('never posts the OpenAI key to an internal address, and keeps a model server’s error text out of the timeline', async () => {
    for (const [baseUrl, phone] of [
      [`${internalUrl()}/v1`, '+15557710020'],
      [`${edgeUrl()}/v1`, '+15557710021'],
    ]) {
      const desk = await smsDesk(edgeUrl(), true);
      const put = await t.request('PUT', '/api/v1/assistant', {
        token: desk.admin.token,
        body: { enabled: true, provider: 'openai', config: { baseUrl, apiKey: 'sk-ssrf-key-123456', model: 'm', maxRetries: 0, timeoutMs: 5000 } },
      });
      expect(put.status).toBe(200);
      await text(desk, phone);
      const conversation = await waitFor(
        async () => (await t.request('GET', `/api/v1/conversations?q=${phone.slice(-7)}`, { token: desk.admin.token })).body.items[0],
        (c) => c !== undefined,
      );
      const timeline = await waitFor(
        async () =>
          (await t.request('GET', `/api/v1/conversations/${conversation.id}/timeline?limit=200`, { token: desk.admin.token })).body.items as {
            type: string;
            data: Record<string, unknown>;
          }[],
        (items) => items.some((e) => e.type === 'ai.decision'),
      );
      const decision = timeline.find((e) => e.type === 'ai.decision')?.data;
      expect(decision).toMatchObject({ decision: 'escalate' });
      expect(JSON.stringify(timeline)).not.toContain(SECRET);
    }
    expect(internal.seen).toEqual([]);
    expect(edge.seen.filter((s) => s.url.includes('/chat/completions'))).toEqual([expect.objectContaining({ authorization: 'Bearer sk-ssrf-key-123456' })]);
  });

  it('fetches WhatsApp media only from Meta’s media hosts (or the listed test double)', async () => {
    const admin = await signupWorkspace(t, 'Guard WhatsApp');
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    const phoneNumberId = '106540352240001';
    const res = await t.request('POST', '/api/v1/channel-accounts', {
      token: admin.token,
      body: {
        plugin: 'whatsapp-cloud',
        name: 'WA',
        config: { phoneNumberId, accessToken: 'wa-token-123', appSecret: 'wa-secret-123', verifyToken: 'v', apiBaseUrl: edgeUrl() },
      },
    });
    expect(res.status).toBe(201);
    for (const [mediaId, from] of [
      ['internal', '+15557710030'],
      ['elsewhere', '+15557710031'],
    ]) {
      const body = JSON.stringify(metaMessagePayload(phoneNumberId, { from, image: { id: mediaId, mime_type: 'image/jpeg' } }));
      const hook = await t.app.inject({
        method: 'POST',
        url: `/webhooks/whatsapp-cloud/${res.body.id}`,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaPayload('wa-secret-123', body) },
        payload: body,
      });
      expect(hook.statusCode).toBe(200);
      const rows = await waitFor(
        () =>
          sql(
            'select a.status from attachment a join message m on m.id = a.message_id join contact_identity i on i.contact_id = (select contact_id from conversation where id = m.conversation_id) where i.address like ?',
            [`%${from.slice(-10)}`],
          ),
        (r) => r.length === 1 && r[0].status !== 'pending',
        5000,
      );
      expect(rows).toEqual([{ status: 'failed' }]);
    }
    expect(internal.seen).toEqual([]);
  });
});
