import twilio from 'twilio';
import { plainToInstance } from 'class-transformer';
import { describeChannelConformance, type ConformanceAccount, type ConformanceHost, type WebhookCall } from '@parley/plugin-sdk/testing';
import { createConformanceHost, createTestApp, TwilioApiDouble, type TestApp } from '@parley/testing';
import { TwilioSmsPlugin } from './twilio-sms.plugin';
import { TwilioSmsChannel } from './twilio-sms.channel';
import { TwilioSmsConfig } from './twilio-sms.config';
import { TWILIO_STATUS_MAP } from './twilio-sms.webhook';

const AUTH_TOKEN = 'conformance-auth-token-0123456789';
const double = new TwilioApiDouble(`AC${'c0'.repeat(16)}`, AUTH_TOKEN);
let t: TestApp;
let host: ConformanceHost;

const config = () => ({ accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: '+15550009999', apiBaseUrl: double.url });

/** A form post signed by the official SDK's signer, as Twilio sends it. */
function signed(account: ConformanceAccount, params: Record<string, string>, token = AUTH_TOKEN): WebhookCall {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(token, account.webhookUrl, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}
const inboundParams = (id: string) => ({
  MessageSid: `SM${id}`,
  AccountSid: double.accountSid,
  From: '+15557654321',
  To: '+15550009999',
  Body: 'Is anyone there?',
  NumMedia: '0',
  SmsStatus: 'received',
});

beforeAll(async () => {
  await double.start();
  t = await createTestApp({}, { plugins: [TwilioSmsPlugin.forRoot({})] });
  host = await createConformanceHost(t, 'twilio-sms');
});
afterAll(async () => {
  await t.close();
  await double.stop();
});

describeChannelConformance<TwilioSmsConfig>({
  pluginId: 'twilio-sms',
  host: () => host,
  plugin: () => t.app.get(TwilioSmsChannel),
  validConfig: config,
  secretValues: [AUTH_TOKEN],
  invalidConfigs: [
    { name: 'bad account SID', config: { accountSid: 'XX123', authToken: AUTH_TOKEN, fromNumber: '+15550009999' }, field: 'accountSid' },
    { name: 'no sender', config: { accountSid: double.accountSid, authToken: AUTH_TOKEN }, field: 'fromNumber' },
    { name: 'no auth token', config: { accountSid: double.accountSid, fromNumber: '+15550009999' }, field: 'authToken' },
    { name: 'unknown field', config: { accountSid: double.accountSid, authToken: AUTH_TOKEN, fromNumber: '+15550009999', region: 'au1' }, field: 'region' },
  ],
  signatureHeaders: ['x-twilio-signature'],
  inbound: (account, id) => signed(account, inboundParams(id)),
  forged: (account, id) => signed(account, inboundParams(id), 'not-the-auth-token'),
  statuses: Object.entries(TWILIO_STATUS_MAP).map(([providerStatus, expected]) => ({
    providerStatus,
    expected,
    call: (account: ConformanceAccount, id: string) =>
      signed(account, {
        MessageSid: id,
        AccountSid: double.accountSid,
        MessageStatus: providerStatus,
        ...(expected === 'failed' ? { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' } : {}),
      }),
  })),
  sendErrors: [
    { name: 'provider 500', arrange: () => double.failNext(500, 20500, 'Internal Server Error'), expect: 'retryable' },
    { name: 'rate limited 429', arrange: () => double.failNext(429, 20429, 'Too Many Requests'), expect: 'retryable' },
    {
      name: 'invalid number 21211',
      arrange: () => double.failNext(400, 21211, "The 'To' number is not a valid phone number."),
      expect: 'permanent',
      code: '21211',
    },
    { name: 'unsubscribed 21610', arrange: () => double.failNext(400, 21610, 'Attempt to send to unsubscribed recipient'), expect: 'permanent', code: '21610' },
  ],
  sampleOutbound: () => ({ id: 'msg-conformance', to: '+15557654321', body: 'Hello', attachments: [], statusCallbackUrl: 'https://parley.test/status' }),
  accountContext: (account) => ({
    id: account.id,
    workspaceId: 'conformance',
    name: 'conformance',
    webhookUrl: account.webhookUrl,
    config: plainToInstance(TwilioSmsConfig, config()),
  }),
});
