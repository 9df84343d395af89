import { plainToInstance } from 'class-transformer';
import { describeChannelConformance, type ConformanceAccount, type ConformanceHost, type WebhookCall } from '@parley/plugin-sdk/testing';
import { createConformanceHost, createTestApp, MetaGraphDouble, metaMessagePayload, metaStatusPayload, signMetaPayload, type TestApp } from '@parley/testing';
import { WhatsappCloudPlugin } from './whatsapp-cloud.plugin';
import { WhatsappCloudChannel } from './whatsapp-cloud.channel';
import { WhatsAppCloudConfig } from './whatsapp-cloud.config';

const PHONE_NUMBER_ID = '106540352242922';
const ACCESS_TOKEN = 'conformance-access-token-0123456789';
const APP_SECRET = 'conformance-app-secret-0123456789';
const VERIFY_TOKEN = 'conformance-verify-token-0123456789';
const double = new MetaGraphDouble({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
let t: TestApp;
let host: ConformanceHost;

const secrets = { accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
const config = () => ({ phoneNumberId: PHONE_NUMBER_ID, ...secrets, apiBaseUrl: double.url, apiVersion: 'v21.0' });

/** Meta signs the exact bytes it posts with the app secret (X-Hub-Signature-256). */
function signed(payload: Record<string, unknown>, secret = APP_SECRET): WebhookCall {
  const body = JSON.stringify(payload);
  return { headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaPayload(secret, body) }, body };
}
const inbound = (id: string) => metaMessagePayload(PHONE_NUMBER_ID, { id, from: '+15557654321', name: 'Conformance', text: 'Is anyone there?' });

beforeAll(async () => {
  await double.start();
  t = await createTestApp({}, { plugins: [WhatsappCloudPlugin.forRoot({})] });
  host = await createConformanceHost(t, 'whatsapp-cloud');
});
afterAll(async () => {
  await t.close();
  await double.stop();
});

describeChannelConformance<WhatsAppCloudConfig>({
  pluginId: 'whatsapp-cloud',
  host: () => host,
  plugin: () => t.app.get(WhatsappCloudChannel),
  validConfig: config,
  secretValues: Object.values(secrets),
  invalidConfigs: [
    { name: 'phone number id not digits', config: { ...secrets, phoneNumberId: 'abc' }, field: 'phoneNumberId' },
    { name: 'no app secret', config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN, verifyToken: VERIFY_TOKEN }, field: 'appSecret' },
    { name: 'bad api version', config: { phoneNumberId: PHONE_NUMBER_ID, ...secrets, apiVersion: '21' }, field: 'apiVersion' },
    { name: 'unknown field', config: { phoneNumberId: PHONE_NUMBER_ID, ...secrets, wabaId: '1' }, field: 'wabaId' },
  ],
  signatureHeaders: ['x-hub-signature-256'],
  inbound: (_account: ConformanceAccount, id: string) => signed(inbound(id)),
  forged: (_account: ConformanceAccount, id: string) => signed(inbound(id), 'not-the-app-secret'),
  statuses: (['sent', 'delivered', 'read', 'failed'] as const).map((status) => ({
    providerStatus: status,
    expected: status,
    call: (_account: ConformanceAccount, id: string) =>
      signed(
        metaStatusPayload(PHONE_NUMBER_ID, {
          id,
          status,
          recipient: '15557654321',
          ...(status === 'failed' ? { errors: [{ code: 131047, title: 'Re-engagement message' }] } : {}),
        }),
      ),
  })),
  sendErrors: [
    { name: 'provider 500', arrange: () => double.failNext(500, 1, 'An unknown error occurred'), expect: 'retryable' },
    { name: 'rate limited 130429', arrange: () => double.failNext(400, 130429, 'Rate limit hit'), expect: 'retryable', code: '130429' },
    { name: 'outside the window 131047', arrange: () => double.failNext(400, 131047, 'Re-engagement message'), expect: 'permanent', code: '131047' },
    { name: 'bad token 190', arrange: () => double.failNext(401, 190, 'Invalid OAuth access token'), expect: 'permanent', code: '190' },
  ],
  sampleOutbound: () => ({ id: 'msg-conformance', to: '+15557654321', body: 'Hello', attachments: [], statusCallbackUrl: 'https://parley.test/status' }),
  accountContext: (account) => ({
    id: account.id,
    workspaceId: 'conformance',
    name: 'conformance',
    webhookUrl: account.webhookUrl,
    config: plainToInstance(WhatsAppCloudConfig, config()),
  }),
});

describe('whatsapp-cloud verification handshake through the host', () => {
  it('echoes hub.challenge for the right verify token and answers 403 otherwise', async () => {
    const created = await host.createAccount(config());
    const url = (token: string) => `/webhooks/whatsapp-cloud/${created.body.id}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await t.app.inject({ method: 'GET', url: url(VERIFY_TOKEN) });
    expect({ status: ok.statusCode, body: ok.body }).toEqual({ status: 200, body: '1158201444' });
    expect((await t.app.inject({ method: 'GET', url: url('wrong') })).statusCode).toBe(403);
  });
});
