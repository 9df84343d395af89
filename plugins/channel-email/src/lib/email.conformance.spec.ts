import { plainToInstance } from 'class-transformer';
import { describeChannelConformance, type ConformanceAccount, type WebhookCall, type ConformanceHost, type SampleFile } from '@parley/plugin-sdk/testing';
import { createConformanceHost, createTestApp, type TestApp } from '@parley/testing';
import { freePort, SmtpServerDouble } from '../testing/smtp-double';
import { EmailPlugin } from './email.plugin';
import { EmailChannel } from './email.channel';
import { EmailConfig } from './email.config';

const SECRET = 'conformance-inbound-secret-0123456789';
const SMTP_PASSWORD = 'conformance-smtp-password-0123456789';
const IMAP_PASSWORD = 'conformance-imap-password-0123456789';
const smtp = new SmtpServerDouble();
let deadPort = 0;
let smtpPort = () => smtp.port;
let t: TestApp;
let host: ConformanceHost;

const config = () => ({
  address: 'support@conformance.test',
  fromName: 'Conformance Support',
  smtp: { host: '127.0.0.1', port: smtpPort(), secure: false, user: 'support', password: SMTP_PASSWORD },
  inboundSecret: SECRET,
});

/** A mail as an inbound-parse provider posts it: the raw bytes, the secret in a header. */
function posted(raw: string, secret = SECRET): WebhookCall {
  return { headers: { 'content-type': 'message/rfc822', 'x-parley-secret': secret }, body: Buffer.from(raw.replace(/\r?\n/g, '\r\n')) };
}
const inboundMail = (id: string) =>
  [
    'From: "Conformance Customer" <customer@conformance.test>',
    'To: support@conformance.test',
    'Subject: Is anyone there?',
    'Date: Mon, 07 Dec 2026 10:00:00 +0000',
    `Message-ID: <${id}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Is anyone there?',
  ].join('\n');

/** A bounce (RFC 3464) of our mail `id`. */
const dsn = (id: string, status: string) =>
  [
    'From: Mail Delivery System <MAILER-DAEMON@mx.conformance.test>',
    'To: support@conformance.test',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <dsn-${id}@mx.conformance.test>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.conformance.test',
    '',
    'Final-Recipient: rfc822; customer@conformance.test',
    'Action: failed',
    `Status: ${status}`,
    `Diagnostic-Code: smtp; 550 ${status} mailbox unavailable`,
    '',
    '--B',
    'Content-Type: text/rfc822-headers',
    '',
    'From: support@conformance.test',
    `Message-ID: <${id}>`,
    '',
    '--B--',
    '',
  ].join('\n');

/** Bytes of the declared types the kit has no sample of (the host checks content against the type). */
const zipBytes = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26)]);
const oleBytes = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
const SAMPLES: Record<string, SampleFile> = {
  'text/csv': { filename: 'sample.csv', contentType: 'text/csv', data: Buffer.from('order,status\n42,shipped\n') },
  'text/calendar': { filename: 'visit.ics', contentType: 'text/calendar', data: Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n') },
  'application/zip': { filename: 'sample.zip', contentType: 'application/zip', data: zipBytes },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    filename: 'sample.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    data: zipBytes,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    filename: 'sample.xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    data: zipBytes,
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    filename: 'sample.pptx',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    data: zipBytes,
  },
  'application/msword': { filename: 'sample.doc', contentType: 'application/msword', data: oleBytes },
  'application/vnd.ms-excel': { filename: 'sample.xls', contentType: 'application/vnd.ms-excel', data: oleBytes },
  'application/vnd.ms-powerpoint': { filename: 'sample.ppt', contentType: 'application/vnd.ms-powerpoint', data: oleBytes },
};

beforeAll(async () => {
  await smtp.start();
  deadPort = await freePort();
  t = await createTestApp({ SMTP_PORT: String(await freePort()) }, { plugins: [EmailPlugin.forRoot({})] });
  host = await createConformanceHost(t, 'email');
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});
afterEach(() => {
  smtpPort = () => smtp.port;
});

describeChannelConformance<EmailConfig>({
  pluginId: 'email',
  host: () => host,
  plugin: () => t.app.get(EmailChannel),
  validConfig: () => ({ ...config(), imap: { host: '127.0.0.1', port: deadPort, secure: false, user: 'support', password: IMAP_PASSWORD } }),
  secretValues: [SECRET, SMTP_PASSWORD, IMAP_PASSWORD],
  invalidConfigs: [
    { name: 'bad address', config: { ...config(), address: 'support' }, field: 'address' },
    { name: 'no smtp', config: { address: 'support@conformance.test' }, field: 'smtp' },
    { name: 'bad smtp port', config: { ...config(), smtp: { host: 'smtp.test', port: 0, secure: false } }, field: 'smtp.port' },
    { name: 'imap without password', config: { ...config(), imap: { host: 'imap.test', port: 993, secure: true, user: 'u' } }, field: 'imap.password' },
    { name: 'short inbound secret', config: { ...config(), inboundSecret: 'short' }, field: 'inboundSecret' },
    { name: 'unknown field', config: { ...config(), pop3: { host: 'pop.test' } }, field: 'pop3' },
  ],
  signatureHeaders: ['x-parley-secret'],
  inbound: (_account: ConformanceAccount, id: string) => posted(inboundMail(id)),
  forged: (_account: ConformanceAccount, id: string) => posted(inboundMail(id), 'not-the-inbound-secret-at-all'),
  statuses: [
    { providerStatus: 'DSN 5.1.1 (hard bounce)', expected: 'bounced', call: (_a: ConformanceAccount, id: string) => posted(dsn(id, '5.1.1')) },
    { providerStatus: 'DSN 4.2.2 (soft bounce)', expected: 'bounced', call: (_a: ConformanceAccount, id: string) => posted(dsn(id, '4.2.2')) },
  ],
  sendErrors: [
    { name: '451 try again later', arrange: () => smtp.failNext(451, '4.3.0 Try again later'), expect: 'retryable', code: '451' },
    { name: '421 service not available', arrange: () => smtp.failNext(421, '4.7.0 Too many connections'), expect: 'retryable', code: '421' },
    { name: '550 mailbox unavailable', arrange: () => smtp.failNext(550, '5.7.1 Relaying denied'), expect: 'permanent', code: '550' },
    { name: '554 transaction failed', arrange: () => smtp.failNext(554, '5.7.1 Rejected'), expect: 'permanent', code: '554' },
    { name: 'connection refused', arrange: () => void (smtpPort = () => deadPort), expect: 'retryable' },
  ],
  sampleOutbound: () => ({
    id: 'msg-conformance',
    to: 'customer@conformance.test',
    body: 'Hello',
    subject: 'Hello',
    attachments: [],
    statusCallbackUrl: 'https://parley.test/status',
  }),
  sampleFile: (contentType) => SAMPLES[contentType],
  accountContext: (account) => ({
    id: account.id,
    workspaceId: 'conformance',
    name: 'conformance',
    webhookUrl: account.webhookUrl,
    config: plainToInstance(EmailConfig, config()),
  }),
});

describe('email webhook through the host', () => {
  it('refuses basic auth with the wrong password and accepts the right one', async () => {
    const created = await host.createAccount(config());
    const before = await host.countMessages(created.body.id);
    const basic = (password: string) => ({
      headers: { 'content-type': 'message/rfc822', authorization: `Basic ${Buffer.from(`parse:${password}`).toString('base64')}` },
      body: posted(inboundMail(`basic-${Date.now()}@conformance.test`)).body,
    });
    expect((await host.webhook(created.body.id, basic('wrong-password-wrong-password'))).status).toBe(401);
    expect(await host.countMessages(created.body.id)).toBe(before);
    expect((await host.webhook(created.body.id, basic(SECRET))).status).toBeLessThan(300);
    expect(await host.countMessages(created.body.id)).toBe(before + 1);
  });

  it('refuses everything on an account without an inbound secret', async () => {
    const withoutSecret: Record<string, unknown> = config();
    delete withoutSecret['inboundSecret'];
    const created = await host.createAccount(withoutSecret);
    expect((await host.webhook(created.body.id, posted(inboundMail(`nosecret-${Date.now()}@conformance.test`)))).status).toBe(401);
    expect(await host.countMessages(created.body.id)).toBe(0);
  });
});
