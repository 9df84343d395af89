import twilio from 'twilio';
import { createTestApp, signupWorkspace, TwilioApiDouble, waitFor, type TestApp } from './harness';

/**
 * Issue 12 point 7: an operator's photo on twilio-sms. Twilio fetches MMS media itself, so each outbound
 * attachment is published at an unguessable, expiring URL under PUBLIC_URL.
 */
const AUTH_TOKEN = 'outbound-media-token-0123456789abcd';
const CUSTOMER = '+15557720001';
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.from('outbound photo bytes')]);

jest.setTimeout(60_000);

describe('outbound media on twilio-sms', () => {
  let double: TwilioApiDouble;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signupWorkspace>>;
  let account: { id: string; webhookUrl: string };
  let mediaUrl: string;

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  /** The path of a URL under PUBLIC_URL, to request it from the app in process. */
  const pathOf = (url: string) => url.slice(t.config.publicUrl.length);

  beforeAll(async () => {
    double = await new TwilioApiDouble(`AC${'a7'.repeat(16)}`, AUTH_TOKEN).start();
    t = await createTestApp();
    admin = await signupWorkspace(t, 'Media');
    expect((await t.request('PUT', '/api/v1/assistant', { token: admin.token, body: { enabled: false } })).status).toBe(200);
    account = (
      await t.request('POST', '/api/v1/channel-accounts', {
        token: admin.token,
        body: {
          plugin: 'twilio-sms',
          name: 'Line',
          config: { accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: '+15550009999', apiBaseUrl: double.url },
        },
      })
    ).body;
  });
  afterAll(async () => {
    await t.close();
    await double.stop();
  });

  it('sends an operator’s image as MediaUrl, a public URL under PUBLIC_URL that serves the bytes', async () => {
    const params = {
      MessageSid: `SM${'7'.repeat(32)}`,
      AccountSid: double.accountSid,
      From: CUSTOMER,
      To: '+15550009999',
      Body: 'Can you send a photo?',
      NumMedia: '0',
      SmsStatus: 'received',
    };
    const hook = await t.app.inject({
      method: 'POST',
      url: `/webhooks/twilio-sms/${account.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, account.webhookUrl, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
    expect(hook.statusCode).toBe(200);
    const [conversation] = (await t.request('GET', `/api/v1/conversations?q=${CUSTOMER.slice(-7)}`, { token: admin.token })).body.items;

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'boiler.png');
    const request = new Request('http://parley.test/', { method: 'POST', body: form });
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': request.headers.get('content-type') ?? '' },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(upload.statusCode).toBe(201);

    const reply = await t.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      token: admin.token,
      body: { body: 'Here it is', attachmentIds: [upload.json().id] },
    });
    expect(reply.status).toBe(201);
    const messages = await waitFor(
      async () => (await t.request('GET', `/api/v1/conversations/${conversation.id}/messages`, { token: admin.token })).body.items,
      (ms: { deliveryStatus: string }[]) => ms[1]?.deliveryStatus !== undefined && ms[1].deliveryStatus !== 'queued',
    );
    expect(messages[1]).toMatchObject({ deliveryStatus: 'sent', error: null });

    const sent = double.sent.find((s) => s['Body'] === 'Here it is');
    expect(sent?.['MediaUrl']).toEqual(expect.stringMatching(new RegExp(`^${t.config.publicUrl}/`)));
    mediaUrl = String(sent?.['MediaUrl']);
    expect(mediaUrl).not.toContain(admin.token);

    // Twilio fetches it without any credentials.
    const file = await get(pathOf(mediaUrl));
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a tampered URL (404) and an expired one (410)', async () => {
    expect(mediaUrl).toBeDefined();
    const path = pathOf(mediaUrl);
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    // A changed character anywhere after the route (id, expiry or signature) breaks the signature.
    const route = path.search(/[0-9a-f]{8}-/);
    expect(route).toBeGreaterThan(0);
    for (let at = route; at < path.length; at += 7) {
      if (!/[0-9A-Za-z]/.test(path[at])) continue;
      const res = await get(flip(path, at));
      expect({ at, status: res.statusCode }).toEqual({ at, status: 404 });
      expect(res.rawPayload.includes(PNG)).toBe(false);
    }
    // Another attachment's id under this signature.
    expect((await get(path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, '00000000-0000-4000-8000-000000000000'))).statusCode).toBe(
      404,
    );

    // Two days later: only the clock moves (timers stay real, so the app keeps working).
    jest.useFakeTimers({
      now: Date.now() + 2 * 24 * 3600 * 1000,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const expired = await get(path);
      expect(expired.statusCode).toBe(410);
      expect(expired.rawPayload.includes(PNG)).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
