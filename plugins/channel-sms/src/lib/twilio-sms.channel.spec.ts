import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer } from 'node:net';
import {
  PermanentSendError,
  PluginHttpClient,
  PluginLoggerFactory,
  RetryableSendError,
  type ChannelAccountContext,
  type InboundEvent,
  type OutboundMessage,
  type RawWebhookRequest,
} from '@parley/plugin-sdk';
import { hostHttpClient, TwilioApiDouble } from '@parley/testing';
import twilio from 'twilio';
import { TWILIO_MEDIA_HOSTS, TwilioSmsChannel, withBaseUrl } from './twilio-sms.channel';
import type { TwilioSmsConfig } from './twilio-sms.config';
import { TwilioSmsPlugin } from './twilio-sms.plugin';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './twilio-sms.webhook';

const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
const AUTH_TOKEN = 'test-auth-token';
const WEBHOOK_URL = 'https://parley.example.com/webhooks/twilio-sms/acc-1';
const CONTACT = '+15557654321';
const OUR_NUMBER = '+15551234567';
const SM_SID = /^SM[0-9a-f]{32}$/;

const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
const loggers: PluginLoggerFactory = { forPlugin: () => logger };
// The host's real client: the plugin's requests go through the same guard as in production.
const http = hostHttpClient();
const channel = new TwilioSmsChannel(loggers, http);
afterAll(() => http.onModuleDestroy());

function account(config: Partial<TwilioSmsConfig> = {}, id = 'acc-1'): ChannelAccountContext<TwilioSmsConfig> {
  return {
    id,
    workspaceId: 'ws-1',
    name: 'Support line',
    webhookUrl: WEBHOOK_URL,
    config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: OUR_NUMBER, ...config },
  };
}

function request(params: Record<string, string>, headers: Record<string, string> = {}, url = '/webhooks/twilio-sms/acc-1'): RawWebhookRequest {
  return {
    method: 'POST',
    url,
    subPath: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    query: {},
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
  };
}

/** A webhook as Twilio posts it: signed by the real SDK over the URL and the form parameters. */
function signed(params: Record<string, string>, token = AUTH_TOKEN, url = WEBHOOK_URL): RawWebhookRequest {
  return request(params, { 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params) });
}

function inbound(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ToCountry: 'US',
    SmsMessageSid: 'SM' + 'a'.repeat(32),
    NumMedia: '0',
    SmsSid: 'SM' + 'a'.repeat(32),
    SmsStatus: 'received',
    Body: body,
    To: OUR_NUMBER,
    NumSegments: '1',
    MessageSid: 'SM' + 'a'.repeat(32),
    AccountSid: ACCOUNT_SID,
    From: CONTACT,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

function statusCallback(status: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SmsSid: 'SM' + 'b'.repeat(32),
    SmsStatus: status,
    MessageStatus: status,
    To: CONTACT,
    MessageSid: 'SM' + 'b'.repeat(32),
    AccountSid: ACCOUNT_SID,
    From: OUR_NUMBER,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

const parse = (params: Record<string, string>): InboundEvent[] => channel.parseWebhook(request(params)) as InboundEvent[];

/** "stop" → "  sToP \n": odd casing, surrounding whitespace. */
const oddly = (word: string): string => `  ${[...word].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('')} \n`;

describe('TwilioSmsChannel.verifyWebhook', () => {
  const params = inbound('Hello there');

  it('accepts a request signed by Twilio over the account webhook URL', () => {
    expect(channel.verifyWebhook(signed(params), account())).toBe(true);
  });

  it('refuses a signature made with another auth token', () => {
    expect(channel.verifyWebhook(signed(params, 'someone-elses-token'), account())).toBe(false);
  });

  it('refuses a request without X-Twilio-Signature', () => {
    expect(channel.verifyWebhook(request(params), account())).toBe(false);
  });

  it('refuses a tampered body', () => {
    const genuine = signed(params);
    const tampered = { ...genuine, rawBody: Buffer.from(new URLSearchParams({ ...params, Body: 'Send me money' }).toString()) };
    expect(channel.verifyWebhook(tampered, account())).toBe(false);
  });

  it('refuses a signature computed over another URL', () => {
    const other = signed(params, AUTH_TOKEN, 'https://parley.example.com/webhooks/twilio-sms/acc-2');
    expect(channel.verifyWebhook(other, account())).toBe(false);
  });

  it('refuses a garbage signature of the right length', () => {
    const real = twilio.getExpectedTwilioSignature(AUTH_TOKEN, WEBHOOK_URL, params);
    const forged = request(params, { 'x-twilio-signature': 'A'.repeat(real.length) });
    expect(channel.verifyWebhook(forged, account())).toBe(false);
  });

  it('includes the query string the request arrived with in the signed URL', () => {
    const url = `${WEBHOOK_URL}?source=status`;
    const req = request(
      params,
      { 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
      '/webhooks/twilio-sms/acc-1?source=status',
    );
    expect(channel.verifyWebhook(req, account())).toBe(true);
    expect(channel.verifyWebhook({ ...req, url: '/webhooks/twilio-sms/acc-1?source=other' }, account())).toBe(false);
  });

  describe('JSON bodies (bodySHA256)', () => {
    const body = JSON.stringify({ MessageSid: 'SM' + 'c'.repeat(32), MessageStatus: 'delivered' });
    const query = `?bodySHA256=${twilio.getExpectedBodyHash(body)}`;
    const jsonRequest = (raw: string, signature?: string, q = query): RawWebhookRequest => ({
      method: 'POST',
      url: `/webhooks/twilio-sms/acc-1${q}`,
      subPath: '',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      query: {},
      rawBody: Buffer.from(raw),
    });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, WEBHOOK_URL + query, {});

    it('accepts a signed JSON body whose hash matches', () => {
      expect(channel.verifyWebhook(jsonRequest(body, signature), account())).toBe(true);
    });

    it('refuses a JSON body that does not match bodySHA256', () => {
      expect(channel.verifyWebhook(jsonRequest(body.replace('delivered', 'failed'), signature), account())).toBe(false);
    });

    it('refuses a JSON body without bodySHA256, which nothing would protect', () => {
      const unprotected = twilio.getExpectedTwilioSignature(AUTH_TOKEN, WEBHOOK_URL, {});
      expect(channel.verifyWebhook(jsonRequest(body, unprotected, ''), account())).toBe(false);
    });
  });
});

describe('TwilioSmsChannel.parseWebhook', () => {
  it('turns an inbound SMS into a message event', () => {
    expect(parse(inbound('Hi, is my order shipped?'))).toEqual([
      {
        kind: 'message',
        providerMessageId: 'SM' + 'a'.repeat(32),
        from: { address: CONTACT },
        body: 'Hi, is my order shipped?',
        attachments: [],
        metadata: { to: OUR_NUMBER },
      },
    ]);
  });

  it('falls back to SmsMessageSid when MessageSid is absent', () => {
    const params = inbound('Hello');
    delete params['MessageSid'];
    params['SmsMessageSid'] = 'SM' + 'd'.repeat(32);
    expect(parse(params)[0]).toMatchObject({ kind: 'message', providerMessageId: 'SM' + 'd'.repeat(32) });
  });

  it('lists every MMS media item with its content type', () => {
    const events = parse(
      inbound('Two pictures', {
        NumMedia: '2',
        MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`,
        MediaContentType0: 'image/jpeg',
        MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME2`,
        MediaContentType1: 'image/png',
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'message',
      body: 'Two pictures',
      attachments: [
        { ref: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`, contentType: 'image/jpeg' },
        { ref: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME2`, contentType: 'image/png' },
      ],
    });
  });

  it('takes no more media than NumMedia announces', () => {
    const events = parse(inbound('', { NumMedia: '1', MediaUrl0: 'https://x/0', MediaContentType0: 'image/gif', MediaUrl1: 'https://x/1' }));
    expect(events[0]).toMatchObject({ attachments: [{ ref: 'https://x/0', contentType: 'image/gif' }] });
  });

  it.each(OPT_OUT_KEYWORDS)('records %s (odd casing, surrounding spaces) as the message and an opt-out', (keyword) => {
    const body = oddly(keyword);
    expect(parse(inbound(body))).toEqual([
      expect.objectContaining({ kind: 'message', body, from: { address: CONTACT } }),
      { kind: 'opt_out', address: CONTACT, keyword },
    ]);
  });

  it.each(OPT_IN_KEYWORDS)('records %s (odd casing, surrounding spaces) as the message and an opt-in', (keyword) => {
    const body = oddly(keyword);
    expect(parse(inbound(body))).toEqual([expect.objectContaining({ kind: 'message', body }), { kind: 'opt_in', address: CONTACT, keyword }]);
  });

  it('covers exactly Twilio’s default keywords', () => {
    expect([...OPT_OUT_KEYWORDS].sort()).toEqual(['CANCEL', 'END', 'OPTOUT', 'QUIT', 'REVOKE', 'STOP', 'STOPALL', 'UNSUBSCRIBE']);
    expect([...OPT_IN_KEYWORDS].sort()).toEqual(['START', 'UNSTOP', 'YES']);
  });

  it.each(['HELP', ' help ', 'Info'])('records %p as a message tagged keyword help, and nothing else', (body) => {
    expect(parse(inbound(body))).toEqual([
      {
        kind: 'message',
        providerMessageId: 'SM' + 'a'.repeat(32),
        from: { address: CONTACT },
        body,
        attachments: [],
        metadata: { to: OUR_NUMBER, keyword: 'help' },
      },
    ]);
  });

  it.each(['Please stop texting me', 'stop it', 'STOP!', 'yes please', 'I need help'])('does not treat the sentence %p as a keyword', (body) => {
    const events = parse(inbound(body));
    expect(events).toEqual([expect.objectContaining({ kind: 'message', body, metadata: { to: OUR_NUMBER } })]);
  });

  it.each([
    ['queued', 'queued'],
    ['accepted', 'queued'],
    ['scheduled', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
    ['read', 'read'],
    ['canceled', 'failed'],
  ])('maps status callback %s to %s', (twilioStatus, status) => {
    expect(parse(statusCallback(twilioStatus))).toEqual([{ kind: 'status', providerMessageId: 'SM' + 'b'.repeat(32), status }]);
  });

  it('carries ErrorCode with a readable default message when ErrorMessage is absent', () => {
    expect(parse(statusCallback('undelivered', { ErrorCode: '30003' }))).toEqual([
      { kind: 'status', providerMessageId: 'SM' + 'b'.repeat(32), status: 'failed', error: { code: '30003', message: 'Twilio error 30003' } },
    ]);
  });

  it('carries ErrorMessage when Twilio sends one', () => {
    const [event] = parse(statusCallback('failed', { ErrorCode: '30007', ErrorMessage: 'Carrier violation' }));
    expect(event).toMatchObject({ status: 'failed', error: { code: '30007', message: 'Carrier violation' } });
  });

  it('ignores an unknown status', () => {
    expect(parse(statusCallback('teleported'))).toEqual([{ kind: 'ignored', reason: expect.stringContaining('teleported') }]);
  });

  it('does not take a status name inherited from Object for a status', () => {
    expect(parse(statusCallback('constructor'))).toEqual([{ kind: 'ignored', reason: expect.any(String) }]);
  });

  it('ignores anything else', () => {
    expect(parse({ foo: 'bar' })).toEqual([{ kind: 'ignored', reason: expect.any(String) }]);
    expect(parse({ MessageSid: 'SM' + 'e'.repeat(32), AccountSid: ACCOUNT_SID })).toEqual([{ kind: 'ignored', reason: expect.any(String) }]);
  });

  it('answers Twilio with empty TwiML', () => {
    expect(channel.webhookResponse()).toEqual({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
    });
  });
});

describe('TwilioSmsChannel against the Twilio API double', () => {
  const double = new TwilioApiDouble(ACCOUNT_SID, AUTH_TOKEN);
  const viaDouble = (config: Partial<TwilioSmsConfig> = {}, id?: string) => account({ apiBaseUrl: double.url, ...config }, id);
  const message = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 'msg-1',
    to: CONTACT,
    body: 'Your order has shipped.',
    attachments: [],
    statusCallbackUrl: WEBHOOK_URL,
    ...extra,
  });
  const sendError = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error,
    );

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => double.reset());

  describe('send', () => {
    it('creates the message from the configured number and returns Twilio’s SM sid', async () => {
      const result = await channel.send(message(), viaDouble());
      expect(result.providerMessageId).toMatch(SM_SID);
      expect(double.sent).toEqual([expect.objectContaining({ To: CONTACT, From: OUR_NUMBER, Body: 'Your order has shipped.', StatusCallback: WEBHOOK_URL })]);
      expect(double.sent[0]).not.toHaveProperty('MessagingServiceSid');
    });

    it('sends through a Messaging Service when one is configured instead of a number', async () => {
      const messagingServiceSid = 'MG' + 'f'.repeat(32);
      const result = await channel.send(message(), viaDouble({ fromNumber: undefined, messagingServiceSid }));
      expect(result.providerMessageId).toMatch(SM_SID);
      expect(double.sent[0]).toMatchObject({ To: CONTACT, MessagingServiceSid: messagingServiceSid });
      expect(double.sent[0]).not.toHaveProperty('From');
    });

    it('sends the rendered body of a template', async () => {
      await channel.send(message({ body: 'Hi Ann, your code is 42', template: { name: 'code', language: 'en', params: ['Ann', '42'] } }), viaDouble());
      expect(double.sent[0]).toMatchObject({ Body: 'Hi Ann, your code is 42' });
    });

    it('passes public media URLs to Twilio as MediaUrl', async () => {
      const picture = {
        id: 'att-1',
        filename: 'a.jpg',
        contentType: 'image/jpeg',
        size: 3,
        read: async () => Buffer.from('abc'),
        url: 'https://cdn.example.com/a.jpg',
      };
      await channel.send(message({ attachments: [picture] }), viaDouble());
      expect(double.sent[0]).toMatchObject({ MediaUrl: 'https://cdn.example.com/a.jpg' });
    });

    it('refuses for good an attachment without a public URL, before calling Twilio', async () => {
      const picture = { id: 'att-1', filename: 'a.jpg', contentType: 'image/jpeg', size: 3, read: async () => Buffer.from('abc'), url: '' };
      const error = await sendError(channel.send(message({ attachments: [picture] }), viaDouble()));
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ code: 'media_url_required', optedOut: false });
      expect(double.sent).toEqual([]);
    });

    it('classifies a 500 as retryable', async () => {
      double.failNext(500, 20500, 'Internal Server Error');
      const error = await sendError(channel.send(message(), viaDouble()));
      expect(error).toBeInstanceOf(RetryableSendError);
      expect(error).toMatchObject({ code: '20500', message: 'Twilio error 20500 (HTTP 500): see https://www.twilio.com/docs/errors/20500' });
    });

    it('classifies a 429 as retryable, keeping Retry-After', async () => {
      double.failNext(429, 20429, 'Too Many Requests', 1, { 'Retry-After': '3' });
      const error = await sendError(channel.send(message(), viaDouble()));
      expect(error).toBeInstanceOf(RetryableSendError);
      expect(error).toMatchObject({ code: '20429', retryAfterMs: 3000 });
    });

    it('classifies a 429 without Retry-After as retryable', async () => {
      double.failNext(429, 20429, 'Too Many Requests');
      const error = await sendError(channel.send(message(), viaDouble()));
      expect(error).toBeInstanceOf(RetryableSendError);
      expect(error).toMatchObject({ code: '20429', retryAfterMs: undefined });
    });

    it('classifies an invalid number (400, 21211) as permanent, in its own words (never the server’s)', async () => {
      double.failNext(400, 21211, "The 'To' number +1555 is not a valid phone number.");
      const error = await sendError(channel.send(message({ to: '+1555' }), viaDouble()));
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ code: '21211', optedOut: false, message: 'Twilio error 21211 (HTTP 400): see https://www.twilio.com/docs/errors/21211' });
    });

    it('keeps a server’s body out of the error, whatever it answers', async () => {
      double.failNext(400, 'not-a-code' as unknown as number, 'secret text of some server');
      const error = await sendError(channel.send(message(), viaDouble()));
      expect(error).toMatchObject({ code: '400', message: 'Twilio answered HTTP 400' });
    });

    it('refuses for good an apiBaseUrl the host does not allow, without sending anything', async () => {
      const guarded = new TwilioSmsChannel(loggers, hostHttpClient(['localhost']));
      const error = await sendError(guarded.send(message(), viaDouble({}, 'acc-guarded')));
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ code: 'outbound_refused' });
      expect(double.sent).toEqual([]);
    });

    it('reports an unsubscribed recipient (21610) as a permanent opt-out', async () => {
      double.failNext(400, 21610, 'Attempt to send to unsubscribed recipient');
      const error = await sendError(channel.send(message(), viaDouble()));
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ code: '21610', optedOut: true });
    });

    it('classifies wrong credentials (401, 20003) as permanent', async () => {
      const error = await sendError(channel.send(message(), viaDouble({ authToken: 'wrong-token' }, 'acc-wrong')));
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ code: '20003', optedOut: false });
      expect(double.sent).toEqual([]);
    });

    it('uses new credentials as soon as the account’s token changes', async () => {
      await sendError(channel.send(message(), viaDouble({ authToken: 'old-token' }, 'acc-rotated')));
      await expect(channel.send(message(), viaDouble({}, 'acc-rotated'))).resolves.toEqual({ providerMessageId: expect.stringMatching(SM_SID) });
    });

    it('classifies an unreachable API as retryable', async () => {
      const port = await freePort();
      const error = await sendError(channel.send(message(), account({ apiBaseUrl: `http://127.0.0.1:${port}` }, 'acc-down')));
      expect(error).toBeInstanceOf(RetryableSendError);
      expect((error as RetryableSendError).code).toBe('ECONNREFUSED');
    });

    it('recovers after a transient failure', async () => {
      double.failNext(503, 20503, 'Service Unavailable', 2);
      await expect(channel.send(message(), viaDouble())).rejects.toBeInstanceOf(RetryableSendError);
      await expect(channel.send(message(), viaDouble())).rejects.toBeInstanceOf(RetryableSendError);
      await expect(channel.send(message(), viaDouble())).resolves.toEqual({ providerMessageId: expect.stringMatching(SM_SID) });
      expect(double.sent).toHaveLength(3);
    });
  });

  describe('downloadMedia', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

    it('fetches an MMS media URL with the account’s credentials', async () => {
      const url = double.addMedia('x.jpg', 'image/jpeg', jpeg);
      const [event] = parse(inbound('', { NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/jpeg' }));
      const ref = event.kind === 'message' ? event.attachments?.[0]?.ref : undefined;
      expect(ref).toBe(url);
      const media = await channel.downloadMedia(ref as string, viaDouble());
      expect(media.data.equals(jpeg)).toBe(true);
      expect(media.contentType).toBe('image/jpeg');
    });

    it('fetches only from Twilio’s media hosts, or the apiBaseUrl host when the host allows it (a double)', async () => {
      expect(TWILIO_MEDIA_HOSTS).toContain('api.twilio.com');
      double.addMedia('y.png', 'image/png', 'png-bytes');
      await expect(channel.downloadMedia('https://media.example.com/y.png', viaDouble())).rejects.toMatchObject({ code: 'outbound_refused' });
      // The double is on 127.0.0.1: another host of the loopback, even if allowed, is not the account's.
      await expect(channel.downloadMedia(`${double.url.replace('127.0.0.1', 'localhost')}/media/y.png`, viaDouble())).rejects.toMatchObject({
        code: 'outbound_refused',
      });
      const guarded = new TwilioSmsChannel(loggers, hostHttpClient(['localhost']));
      await expect(guarded.downloadMedia(`${double.url}/media/y.png`, viaDouble())).rejects.toMatchObject({ code: 'outbound_refused' });
    });

    it('throws with the status when Twilio refuses', async () => {
      const url = double.addMedia('z.gif', 'image/gif', 'gif');
      await expect(channel.downloadMedia(url, viaDouble({ authToken: 'wrong' }))).rejects.toThrow('401');
      await expect(channel.downloadMedia(`${double.url}/media/missing.gif`, viaDouble())).rejects.toThrow('404');
    });
  });

  describe('checkConnection', () => {
    it('is ok with valid credentials', async () => {
      await expect(channel.checkConnection(viaDouble({}, 'acc-check'))).resolves.toEqual({ ok: true, message: expect.stringContaining('active') });
    });

    it('reports refused credentials', async () => {
      const result = await channel.checkConnection(viaDouble({ authToken: 'wrong' }, 'acc-check-bad'));
      expect(result).toEqual({ ok: false, message: expect.stringContaining('20003') });
    });
  });
});

describe('TwilioSmsPlugin', () => {
  it('gets the SDK facades through Nest DI', async () => {
    @Global()
    @Module({
      providers: [
        { provide: PluginHttpClient, useValue: http },
        { provide: PluginLoggerFactory, useValue: loggers },
      ],
      exports: [PluginHttpClient, PluginLoggerFactory],
    })
    class FacadesModule {}

    const moduleRef = await Test.createTestingModule({ imports: [FacadesModule, TwilioSmsPlugin.forRoot({})] }).compile();
    const resolved = moduleRef.get(TwilioSmsChannel);
    expect(resolved).toBeInstanceOf(TwilioSmsChannel);
    expect((resolved as unknown as { http: PluginHttpClient }).http).toBe(http);
    await moduleRef.close();
  });
});

describe('withBaseUrl', () => {
  it('replaces the origin and keeps path and query', () => {
    expect(withBaseUrl('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=1', 'http://127.0.0.1:4010')).toBe(
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json?PageSize=1',
    );
  });

  it('keeps a path prefix of the base URL (a proxy) and defaults to api.twilio.com', () => {
    expect(withBaseUrl('https://api.twilio.com/2010-04-01/Accounts.json', 'https://proxy.example.com/twilio/')).toBe(
      'https://proxy.example.com/twilio/2010-04-01/Accounts.json',
    );
    expect(withBaseUrl('https://api.dublin.ie1.twilio.com/2010-04-01/Accounts.json', undefined)).toBe('https://api.twilio.com/2010-04-01/Accounts.json');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
