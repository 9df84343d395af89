import { createServer } from 'node:net';
import {
  PermanentSendError,
  RetryableSendError,
  type ChannelAccountContext,
  type InboundEvent,
  type OutboundMessage,
  type RawWebhookRequest,
} from '@parley/plugin-sdk';
import { hostHttpClient, MetaGraphDouble, metaMessagePayload, metaStatusPayload, signMetaPayload, type MetaTestMessage } from '@parley/testing';
import { WhatsappCloudChannel } from './whatsapp-cloud.channel';
import { WHATSAPP_MEDIA_HOSTS } from './whatsapp-cloud.graph';
import type { WhatsAppCloudConfig } from './whatsapp-cloud.config';

const PHONE_NUMBER_ID = '106540352242922';
const TOKEN = 'EAAG-test-access-token';
const APP_SECRET = 'app-secret-0123456789';
const VERIFY_TOKEN = 'verify-me-please';

// The host's real client: the plugin's requests go through the same guard as in production.
const http = hostHttpClient();
const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
const channel = new WhatsappCloudChannel(http, { forPlugin: () => logger });
afterAll(() => http.onModuleDestroy());

function account(config: Partial<WhatsAppCloudConfig> = {}): ChannelAccountContext<WhatsAppCloudConfig> {
  return {
    id: 'acc-1',
    workspaceId: 'ws-1',
    name: 'WhatsApp',
    webhookUrl: 'https://parley.example.com/webhooks/whatsapp-cloud/acc-1',
    config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, ...config },
  };
}

function request(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST', query: Record<string, string> = {}): RawWebhookRequest {
  const search = new URLSearchParams(query).toString();
  return {
    method,
    url: '/webhooks/whatsapp-cloud/acc-1' + (search ? `?${search}` : ''),
    subPath: '',
    headers: { 'content-type': 'application/json', ...headers },
    query,
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}

const parse = (payload: unknown): InboundEvent[] => channel.parseWebhook(request(JSON.stringify(payload)), account());
const parseOne = (m: Omit<MetaTestMessage, 'from'>): InboundEvent[] =>
  parse(metaMessagePayload(PHONE_NUMBER_ID, { from: '15551234567', name: 'Ana Silva', id: 'wamid.IN1', timestamp: 1717000000, ...m }));

describe('WhatsappCloudChannel handshake', () => {
  const get = (query: Record<string, string>) => request('', {}, 'GET', query);

  it('echoes the challenge when the verify token matches', () => {
    const res = channel.handshake(get({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }), account());
    expect(res).toEqual({ status: 200, headers: { 'content-type': 'text/plain' }, body: '1158201444' });
  });

  it('refuses a wrong verify token with 403', () => {
    const res = channel.handshake(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-pleasE', 'hub.challenge': '1' }), account());
    expect(res).toMatchObject({ status: 403, body: 'Forbidden' });
    expect(channel.handshake(get({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }), account())).toMatchObject({ status: 403 });
  });

  it('reads the dotted parameters from the URL when the query was parsed into nested objects', () => {
    const req = { ...get({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': 'abc' }), query: {} };
    expect(channel.handshake(req, account())).toMatchObject({ status: 200, body: 'abc' });
  });

  it('is null for anything that is not a handshake', () => {
    expect(channel.handshake(request('{}', {}, 'POST', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }), account())).toBeNull();
    expect(channel.handshake(get({}), account())).toBeNull();
    expect(channel.handshake(get({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN }), account())).toBeNull();
  });
});

describe('WhatsappCloudChannel verifyWebhook', () => {
  const body = JSON.stringify(metaMessagePayload(PHONE_NUMBER_ID, { from: '15551234567', text: 'Olá, ça va? 👋' }));
  const signed = (raw: string | Buffer, signature: string) => request(raw, { 'x-hub-signature-256': signature });

  it('accepts the HMAC-SHA256 of the raw bytes with the app secret', () => {
    expect(channel.verifyWebhook(signed(body, signMetaPayload(APP_SECRET, body)), account())).toBe(true);
    // upper-case hex is still the same signature
    expect(channel.verifyWebhook(signed(body, signMetaPayload(APP_SECRET, body).toUpperCase().replace('SHA256=', 'sha256=')), account())).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(channel.verifyWebhook(signed(body, signMetaPayload('another-secret', body)), account())).toBe(false);
  });

  it('refuses a missing or malformed signature', () => {
    expect(channel.verifyWebhook(request(body), account())).toBe(false);
    const hex = signMetaPayload(APP_SECRET, body).slice('sha256='.length);
    for (const header of ['', hex, `sha1=${hex}`, 'sha256=', `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'zz'.repeat(32)}`]) {
      expect(channel.verifyWebhook(signed(body, header), account())).toBe(false);
    }
  });

  it('refuses a body with one byte changed', () => {
    const raw = Buffer.from(body, 'utf8');
    const signature = signMetaPayload(APP_SECRET, raw);
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 3] ^= 0x01;
    expect(channel.verifyWebhook(signed(raw, signature), account())).toBe(true);
    expect(channel.verifyWebhook(signed(tampered, signature), account())).toBe(false);
  });

  it('checks the raw bytes, not a re-serialisation of the JSON', () => {
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    expect(channel.verifyWebhook(signed(pretty, signMetaPayload(APP_SECRET, body)), account())).toBe(false);
    expect(channel.verifyWebhook(signed(pretty, signMetaPayload(APP_SECRET, pretty)), account())).toBe(true);
  });
});

describe('WhatsappCloudChannel parseWebhook', () => {
  const from = { address: '+15551234567', name: 'Ana Silva' };
  const occurredAt = new Date(1717000000 * 1000);

  it('parses a text message with sender, id and time', () => {
    expect(parseOne({ text: 'Hello there' })).toEqual([{ kind: 'message', providerMessageId: 'wamid.IN1', from, body: 'Hello there', occurredAt }]);
  });

  it.each([
    ['image', { image: { id: '1001', mime_type: 'image/jpeg', caption: 'my receipt' } }, { ref: '1001', contentType: 'image/jpeg' }, 'my receipt'],
    ['audio', { audio: { id: '1002', mime_type: 'audio/ogg; codecs=opus', voice: true } }, { ref: '1002', contentType: 'audio/ogg; codecs=opus' }, undefined],
    ['video', { video: { id: '1003', mime_type: 'video/mp4', caption: 'look' } }, { ref: '1003', contentType: 'video/mp4' }, 'look'],
    [
      'document',
      { document: { id: '1004', mime_type: 'application/pdf', filename: 'invoice-42.pdf' } },
      { ref: '1004', contentType: 'application/pdf', filename: 'invoice-42.pdf' },
      undefined,
    ],
    ['sticker', { sticker: { id: '1005', mime_type: 'image/webp', animated: false } }, { ref: '1005', contentType: 'image/webp' }, undefined],
  ])('parses a %s message as an attachment', (_type, part, attachment, body) => {
    const [event] = parseOne(part);
    expect(event).toEqual({ kind: 'message', providerMessageId: 'wamid.IN1', from, occurredAt, attachments: [attachment], ...(body ? { body } : {}) });
  });

  it('parses a shared location', () => {
    const [event] = parseOne({ location: { latitude: 38.7223, longitude: -9.1393, name: 'Parley HQ', address: 'Rua Augusta 1, Lisboa' } });
    expect(event).toMatchObject({
      kind: 'message',
      body: '📍 Parley HQ, Rua Augusta 1, Lisboa (38.7223, -9.1393)',
      metadata: { location: { latitude: 38.7223, longitude: -9.1393, name: 'Parley HQ', address: 'Rua Augusta 1, Lisboa' } },
    });
    expect(parseOne({ location: { latitude: 1.5, longitude: 2 } })[0]).toMatchObject({ body: '📍 (1.5, 2)' });
  });

  it('parses interactive button and list replies', () => {
    expect(parseOne({ interactive: { type: 'button_reply', button_reply: { id: 'confirm-yes', title: 'Yes, confirm' } } })[0]).toEqual({
      kind: 'message',
      providerMessageId: 'wamid.IN1',
      from,
      occurredAt,
      body: 'Yes, confirm',
      metadata: { reply: { type: 'button_reply', id: 'confirm-yes', title: 'Yes, confirm' } },
    });
    expect(parseOne({ interactive: { type: 'list_reply', list_reply: { id: 'slot-9', title: '9:00', description: 'Monday morning' } } })[0]).toMatchObject({
      body: '9:00',
      metadata: { reply: { type: 'list_reply', id: 'slot-9', title: '9:00', description: 'Monday morning' } },
    });
  });

  it('parses a template quick-reply button', () => {
    expect(parseOne({ button: { text: 'Stop promotions', payload: 'STOP_PROMO' } })[0]).toMatchObject({
      kind: 'message',
      body: 'Stop promotions',
      metadata: { reply: { type: 'button', payload: 'STOP_PROMO' } },
    });
  });

  it('ignores unsupported message types', () => {
    for (const raw of [
      { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } },
      { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Bob' } }] },
    ]) {
      expect(parseOne({ raw })).toEqual([{ kind: 'ignored', reason: expect.stringContaining(raw.type) }]);
    }
  });

  it.each(['sent', 'delivered', 'read'] as const)('parses a %s status', (status) => {
    expect(parse(metaStatusPayload(PHONE_NUMBER_ID, { id: 'wamid.OUT1', status, recipient: '15551234567', timestamp: 1717000100 }))).toEqual([
      { kind: 'status', providerMessageId: 'wamid.OUT1', status, occurredAt: new Date(1717000100 * 1000) },
    ]);
  });

  it('parses a failed status with the error code and title', () => {
    const payload = metaStatusPayload(PHONE_NUMBER_ID, {
      id: 'wamid.OUT2',
      status: 'failed',
      recipient: '15551234567',
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    });
    expect(parse(payload)).toEqual([
      expect.objectContaining({
        kind: 'status',
        providerMessageId: 'wamid.OUT2',
        status: 'failed',
        error: { code: '131026', message: 'Message undeliverable' },
      }),
    ]);
  });

  it('explains a 131047 failure as outside the 24-hour window', () => {
    const payload = metaStatusPayload(PHONE_NUMBER_ID, {
      id: 'wamid.OUT3',
      status: 'failed',
      recipient: '15551234567',
      errors: [{ code: 131047, title: 'Re-engagement message' }],
    });
    const [event] = parse(payload);
    expect(event).toMatchObject({ kind: 'status', status: 'failed', error: { code: '131047' } });
    expect(event.kind === 'status' && event.error?.message).toContain('outside the 24-hour window');
    expect(event.kind === 'status' && event.error?.message).toContain('more than 24 hours have passed since the customer last replied');
  });

  it('ignores unknown statuses', () => {
    expect(parse(metaStatusPayload(PHONE_NUMBER_ID, { id: 'wamid.OUT4', status: 'deleted', recipient: '1555' }))).toEqual([
      { kind: 'ignored', reason: expect.any(String) },
    ]);
  });

  it('parses several messages and statuses of one payload in order', () => {
    const a = metaMessagePayload(PHONE_NUMBER_ID, { from: '+15551234567', id: 'wamid.A', text: 'one' }) as any;
    const b = metaMessagePayload(PHONE_NUMBER_ID, { from: '+447700900123', name: 'Bob', id: 'wamid.B', text: 'two' }) as any;
    const value = a.entry[0].changes[0].value;
    value.messages.push(...b.entry[0].changes[0].value.messages);
    value.contacts.push(...b.entry[0].changes[0].value.contacts);
    value.statuses = [{ id: 'wamid.OUT5', status: 'read', timestamp: '1717000200', recipient_id: '15551234567' }];
    expect(parse(a).map((e) => [e.kind, 'providerMessageId' in e ? e.providerMessageId : '', e.kind === 'message' ? e.from : null])).toEqual([
      ['message', 'wamid.A', { address: '+15551234567', name: 'Test Contact' }],
      ['message', 'wamid.B', { address: '+447700900123', name: 'Bob' }],
      ['status', 'wamid.OUT5', null],
    ]);
  });

  it('ignores changes addressed to another number of the same Meta app', () => {
    expect(parse(metaMessagePayload('999999999', { from: '15551234567', text: 'hi' }))).toEqual([
      { kind: 'ignored', reason: expect.stringContaining('999999999') },
    ]);
  });

  it('ignores other fields and odd payloads without throwing', () => {
    const odd: (string | Buffer)[] = [
      '',
      'not json',
      'null',
      '[]',
      '42',
      '{}',
      JSON.stringify({ object: 'page', entry: [] }),
      JSON.stringify({ object: 'whatsapp_business_account', entry: 'x' }),
      JSON.stringify({ object: 'whatsapp_business_account', entry: [null, { changes: [null, 1, { field: 'messages' }] }] }),
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }],
      }),
      JSON.stringify({
        entry: [{ changes: [{ field: 'messages', value: { messages: [null, { id: 'x' }, { from: '1', id: 'y', type: 'text', text: {} }] } }] }],
      }),
      JSON.stringify({
        entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: '1', id: 'y', type: 'image', image: 'nope' }], statuses: [{}] } }] }],
      }),
      JSON.stringify({
        entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: '1', id: 'y', type: 'location', location: { latitude: 'a' } }] } }] }],
      }),
      Buffer.from([0xff, 0xfe, 0x00]),
    ];
    for (const raw of odd) {
      const events = channel.parseWebhook(request(raw), account());
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event).toEqual({ kind: 'ignored', reason: expect.any(String) });
    }
  });

  it('answers 200 {received: true}', () => {
    expect(channel.webhookResponse()).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: { received: true } });
  });
});

describe('WhatsappCloudChannel against the Graph API double', () => {
  const graph = new MetaGraphDouble({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID });
  const to = '+15551234567';
  const viaDouble = (config: Partial<WhatsAppCloudConfig> = {}) => account({ apiBaseUrl: graph.url, ...config });
  const message = (m: Partial<OutboundMessage>): OutboundMessage => ({
    id: 'msg-1',
    to,
    attachments: [],
    statusCallbackUrl: 'https://parley.example.com/webhooks/whatsapp-cloud/acc-1',
    ...m,
  });
  const file = (filename: string, contentType: string, content: string) => ({
    id: `att-${filename}`,
    filename,
    contentType,
    size: content.length,
    read: async () => Buffer.from(content),
    url: `https://parley.example.com/api/v1/media/${filename}`,
  });

  beforeAll(() => graph.start());
  afterAll(() => graph.stop());
  beforeEach(() => graph.reset());

  it('sends a text message', async () => {
    const result = await channel.send(message({ body: 'Your order shipped https://x.example/1' }), viaDouble());
    expect(result.providerMessageId).toMatch(/^wamid\./);
    expect(graph.sent).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '15551234567',
        type: 'text',
        text: { body: 'Your order shipped https://x.example/1', preview_url: false },
      },
    ]);
    expect(graph.requests[0]).toMatchObject({ method: 'POST', path: `/v21.0/${PHONE_NUMBER_ID}/messages`, authorization: `Bearer ${TOKEN}` });
  });

  it('uses the configured API version', async () => {
    await channel.send(message({ body: 'hi' }), viaDouble({ apiVersion: 'v19.0', apiBaseUrl: graph.url + '/' }));
    expect(graph.requests[0].path).toBe(`/v19.0/${PHONE_NUMBER_ID}/messages`);
  });

  it('sends a template with its parameters (and not the body)', async () => {
    await channel.send(message({ body: 'rendered preview', template: { name: 'order_update', language: 'pt_BR', params: ['Ana', '#1234'] } }), viaDouble());
    expect(graph.sent).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '15551234567',
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'pt_BR' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ana' },
                { type: 'text', text: '#1234' },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('sends a template without parameters with no components', async () => {
    await channel.send(message({ template: { name: 'hello_world', language: 'en_US', params: [] } }), viaDouble());
    expect(graph.sent[0]['template']).toEqual({ name: 'hello_world', language: { code: 'en_US' }, components: [] });
  });

  it('uploads an image, then sends it with the body as caption', async () => {
    const result = await channel.send(message({ body: 'Here is the photo', attachments: [file('photo.jpg', 'image/jpeg', 'JPEGBYTES')] }), viaDouble());
    expect(graph.uploads).toHaveLength(1);
    expect(graph.uploads[0]).toEqual({
      phoneNumberId: PHONE_NUMBER_ID,
      fields: { messaging_product: 'whatsapp', type: 'image/jpeg' },
      file: { filename: 'photo.jpg', contentType: 'image/jpeg', data: Buffer.from('JPEGBYTES') },
    });
    expect(graph.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v21.0/${PHONE_NUMBER_ID}/media`, `POST /v21.0/${PHONE_NUMBER_ID}/messages`]);
    expect(graph.sent).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '15551234567',
        type: 'image',
        image: { id: '1000000000000001', caption: 'Here is the photo' },
      },
    ]);
    expect(result.providerMessageId).toMatch(/^wamid\./);
  });

  it('sends several files, uploading all first; documents keep their filename, audio gets the body as text', async () => {
    await channel.send(
      message({ body: 'Two files', attachments: [file('note.ogg', 'audio/ogg', 'OGG'), file('invoice.pdf', 'application/pdf', '%PDF')] }),
      viaDouble(),
    );
    expect(graph.requests.map((r) => r.path.split('/').pop())).toEqual(['media', 'media', 'messages', 'messages', 'messages']);
    expect(graph.sent.map(({ type, text, audio, document }) => ({ type, text, audio, document }))).toEqual([
      { type: 'text', text: { body: 'Two files', preview_url: false } },
      { type: 'audio', audio: { id: '1000000000000001' } },
      { type: 'document', document: { id: '1000000000000002', filename: 'invoice.pdf' } },
    ]);
  });

  it('refuses a message with nothing to send', async () => {
    await expect(channel.send(message({}), viaDouble())).rejects.toBeInstanceOf(PermanentSendError);
    expect(graph.sent).toEqual([]);
  });

  async function sendError(): Promise<RetryableSendError | PermanentSendError> {
    const error = await channel.send(message({ body: 'hi' }), viaDouble()).catch((e: unknown) => e);
    if (!(error instanceof RetryableSendError || error instanceof PermanentSendError)) throw new Error(`expected a send error, got ${String(error)}`);
    return error;
  }

  it.each([
    ['HTTP 429', 429, 100, RetryableSendError, '100'],
    ['HTTP 500', 500, 131000, RetryableSendError, '131000'],
    ['HTTP 503', 503, 2, RetryableSendError, '2'],
    ['throughput 130429', 400, 130429, RetryableSendError, '130429'],
    ['pair rate limit 131056', 400, 131056, RetryableSendError, '131056'],
    ['WABA rate limit 80007', 400, 80007, RetryableSendError, '80007'],
    ['outside the window 131047', 400, 131047, PermanentSendError, '131047'],
    ['undeliverable 131026', 400, 131026, PermanentSendError, '131026'],
    ['invalid parameter 100', 400, 100, PermanentSendError, '100'],
  ])('classifies %s', async (_name, status, code, kind, expectedCode) => {
    graph.failNext(status, code, `Graph says ${code}`);
    const error = await sendError();
    expect(error).toBeInstanceOf(kind);
    expect(error.code).toBe(expectedCode);
  });

  it('explains 131047 as outside the 24-hour window', async () => {
    graph.failNext(400, 131047, 'Re-engagement message');
    expect((await sendError()).message).toContain('outside the 24-hour window');
  });

  it('succeeds once the failures are over', async () => {
    graph.failNext(500, 1, 'Unknown', 2);
    expect(await sendError()).toBeInstanceOf(RetryableSendError);
    expect(await sendError()).toBeInstanceOf(RetryableSendError);
    await expect(channel.send(message({ body: 'hi' }), viaDouble())).resolves.toEqual({ providerMessageId: expect.stringMatching(/^wamid\./) });
  });

  it('fails for good with a bad token (190)', async () => {
    const error = await channel.send(message({ body: 'hi' }), viaDouble({ accessToken: 'expired' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error).toMatchObject({ code: '190' });
    expect(graph.sent).toEqual([]);
  });

  it('retries when the API is unreachable or times out', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await expect(channel.send(message({ body: 'hi' }), account({ apiBaseUrl: `http://127.0.0.1:${closedPort}` }))).rejects.toMatchObject({
      name: 'RetryableSendError',
      code: 'network',
    });

    const timingOut = new WhatsappCloudChannel(
      { fetch: async () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')) },
      { forPlugin: () => logger },
    );
    const error = await timingOut.send(message({ body: 'hi' }), viaDouble()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableSendError);
    expect(error).toMatchObject({ code: 'timeout' });
  });

  it('downloads inbound media with the token', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    graph.addMedia('2001', 'image/jpeg', bytes);
    const media = await channel.downloadMedia('2001', viaDouble());
    expect(media.contentType).toBe('image/jpeg');
    expect(media.data.equals(bytes)).toBe(true);
    expect(graph.requests).toEqual([
      { method: 'GET', path: '/v21.0/2001', authorization: `Bearer ${TOKEN}` },
      { method: 'GET', path: '/files/2001', authorization: `Bearer ${TOKEN}` },
    ]);
    await expect(channel.downloadMedia('404404', viaDouble())).rejects.toMatchObject({ code: '100' });
  });

  it('fetches a media URL only from Meta’s media hosts, or the apiBaseUrl host when the host allows it (a double)', async () => {
    expect(WHATSAPP_MEDIA_HOSTS).toEqual(['graph.facebook.com', 'lookaside.fbsbx.com']);
    graph.addMedia('2002', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    // Reached as localhost, the double answers with a media URL on 127.0.0.1: not the account's host.
    const elsewhere = await channel.downloadMedia('2002', viaDouble({ apiBaseUrl: graph.url.replace('127.0.0.1', 'localhost') })).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(PermanentSendError);
    expect(elsewhere).toMatchObject({ code: 'outbound_refused' });
    expect(graph.requests.map((r) => r.path)).toEqual(['/v21.0/2002']);
  });

  it('checks the connection', async () => {
    await expect(channel.checkConnection(viaDouble())).resolves.toMatchObject({ ok: true });
    expect(graph.requests[0].path).toMatch(new RegExp(`^/v21.0/${PHONE_NUMBER_ID}\\?`));
    await expect(channel.checkConnection(viaDouble({ accessToken: 'wrong' }))).resolves.toMatchObject({ ok: false, message: expect.stringContaining('190') });
  });
});
