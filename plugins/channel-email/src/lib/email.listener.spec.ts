import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessageEvent } from '@parley/plugin-sdk';
import { createTransport } from 'nodemailer';
import { emailAccount, FakeListenerHost } from '../testing/fake-listener-host';
import { freePort, SmtpServerDouble } from '../testing/smtp-double';
import { EmailChannel } from './email.channel';
import { EmailListener } from './email.listener';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const channel = new EmailChannel({ forPlugin: () => quiet });
const MAX = 64 * 1024;

/** A customer's mail client: nodemailer submitting to our SMTP listener on loopback. */
const client = (port: number, extra: Record<string, unknown> = {}) =>
  createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5_000, ...extra } as never);

const messagesOf = (host: FakeListenerHost) =>
  host.ingested.flatMap((i) => i.events.map((e) => ({ accountId: i.accountId, event: e }))).filter((x) => x.event.kind === 'message') as {
    accountId: string;
    event: InboundMessageEvent;
  }[];

describe('SMTP listener (nodemailer → smtp-server → parser → host)', () => {
  let host: FakeListenerHost;
  let listener: EmailListener;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    host = new FakeListenerHost({ smtpPort: port, maxMessageBytes: MAX }, [
      emailAccount('acc-support', { address: 'support@acme.test' }),
      emailAccount('acc-sales', { address: 'Sales@Acme.test' }),
    ]);
    listener = channel.listener(host) as EmailListener;
    await listener.start();
  });
  afterAll(() => listener.stop());
  beforeEach(() => {
    host.ingested.length = 0;
    host.refuseIngest = undefined;
  });

  it('takes a mail for a plus-address of an account, answers 250 after the commit, with the token', async () => {
    const info = await client(port).sendMail({
      from: 'Jane Doe <jane@customer.test>',
      to: 'support+K7QX2M@acme.test',
      cc: 'bob@customer.test',
      subject: 'Re: [#K7QX2M] Visit',
      text: 'Tomorrow works.',
      messageId: '<jane-1@customer.test>',
    });
    expect(info.response).toMatch(/^250 .*Accepted <jane-1@customer.test>/);
    expect(messagesOf(host)).toEqual([
      {
        accountId: 'acc-support',
        event: expect.objectContaining({
          providerMessageId: 'jane-1@customer.test',
          from: { address: 'jane@customer.test', name: 'Jane Doe' },
          body: 'Tomorrow works.',
          cc: [{ address: 'bob@customer.test' }],
          thread: { token: 'K7QX2M', tag: 'K7QX2M' },
        }),
      },
    ]);
  });

  it('routes by recipient, case-insensitively, to each account addressed', async () => {
    await client(port).sendMail({ from: 'jane@customer.test', to: ['SALES@acme.test', 'support@ACME.test'], subject: 'Both', text: 'x' });
    expect(
      messagesOf(host)
        .map((m) => m.accountId)
        .sort(),
    ).toEqual(['acc-sales', 'acc-support']);
  });

  it('refuses an unknown recipient with 550 and stores nothing', async () => {
    const error = await client(port)
      .sendMail({ from: 'jane@customer.test', to: 'nobody@acme.test', subject: 'x', text: 'x' })
      .catch((e: { responseCode?: number }) => e);
    expect(error).toMatchObject({ responseCode: 550 });
    expect(host.ingested).toEqual([]);
  });

  it('refuses a mail over the size limit with 552 and stores nothing', async () => {
    const error = await client(port)
      .sendMail({ from: 'jane@customer.test', to: 'support@acme.test', subject: 'big', text: 'x'.repeat(MAX * 2) })
      .catch((e: { responseCode?: number }) => e);
    expect(error).toMatchObject({ responseCode: 552 });
    expect(host.ingested).toEqual([]);
  });

  it('answers 451 when the host could not commit, so the sender retries; the retry lands once', async () => {
    host.refuseIngest = new Error('database unavailable');
    const mail = { from: 'jane@customer.test', to: 'support@acme.test', subject: 'retry', text: 'x', messageId: '<retry-1@customer.test>' };
    await expect(client(port).sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    expect(host.ingested).toEqual([]);
    host.refuseIngest = undefined;
    await client(port).sendMail(mail);
    expect(messagesOf(host).map((m) => m.event.providerMessageId)).toEqual(['retry-1@customer.test']);
  });

  it('flags a bounce sent with the null sender', async () => {
    await client(port).sendMail({ envelope: { from: '', to: 'support@acme.test' }, from: 'MAILER-DAEMON@mx.test', subject: 'Undelivered', text: 'x' } as never);
    expect(messagesOf(host)[0].event.autoReply).toBe(true);
  });

  it('follows the accounts: a new address is routed once the host says the accounts changed', async () => {
    const mail = { from: 'jane@customer.test', to: 'billing@acme.test', subject: 'x', text: 'x' };
    await expect(client(port).sendMail(mail)).rejects.toMatchObject({ responseCode: 550 });
    host.changeAccounts([...host.list, emailAccount('acc-billing', { address: 'billing@acme.test' })]);
    await new Promise((r) => setTimeout(r, 50));
    await client(port).sendMail(mail);
    expect(messagesOf(host).map((m) => m.accountId)).toEqual(['acc-billing']);
  });

  it('offers no STARTTLS without a certificate', async () => {
    await expect(
      client(port, { ignoreTLS: false, requireTLS: true }).sendMail({ from: 'jane@customer.test', to: 'support@acme.test', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/STARTTLS/);
  });
});

describe('SMTP listener with a certificate', () => {
  it('offers STARTTLS and takes mail over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-email-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    const tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
    const port = await freePort();
    const host = new FakeListenerHost({ smtpPort: port, maxMessageBytes: MAX, tls }, [emailAccount('acc', { address: 'support@acme.test' })]);
    const listener = channel.listener(host);
    await listener.start();
    try {
      const info = await client(port, { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false } }).sendMail({
        from: 'jane@customer.test',
        to: 'support@acme.test',
        subject: 'secure',
        text: 'x',
      });
      expect(info.response).toMatch(/^250/);
      expect(messagesOf(host)).toHaveLength(1);
    } finally {
      await listener.stop();
    }
  });
});

describe('a conversation by mail: our replies into a local SMTP server, the customer answering into our listener', () => {
  const outbox = new SmtpServerDouble();
  let host: FakeListenerHost;
  let listener: EmailListener;
  let port: number;
  const account = () =>
    emailAccount('acc', {
      address: 'support@acme.test',
      fromName: 'Acme Support',
      smtp: { host: '127.0.0.1', port: outbox.port, secure: false, user: 'support', password: 'pw' },
    });

  beforeAll(async () => {
    await outbox.start();
    port = await freePort();
    host = new FakeListenerHost({ smtpPort: port, maxMessageBytes: MAX }, [account()]);
    listener = channel.listener(host) as EmailListener;
    await listener.start();
  });
  afterAll(async () => {
    await listener.stop();
    await outbox.stop();
  });

  /** Our reply, as the delivery job sends it. */
  const reply = (id: string, previous: string[], extra: Record<string, unknown> = {}) =>
    channel.send(
      {
        id,
        to: 'jane@customer.test',
        subject: 'RE: Re: Where is my order?',
        body: 'It ships today.\n\nAcme',
        attachments: [{ id: 'f1', filename: 'label.pdf', contentType: 'application/pdf', size: 9, url: '', read: async () => Buffer.from('%PDF-1.4\n') }],
        statusCallbackUrl: '',
        senderName: 'Sam from Acme',
        thread: { reference: 'K7QX2M', previous },
        ...extra,
      },
      account(),
    );

  /** The customer's client answering one of our mails. */
  const answer = (headers: Record<string, string>, subject: string, messageId: string) =>
    client(port).sendMail({ from: 'Jane <jane@customer.test>', to: 'support+K7QX2M@acme.test', subject, text: 'Thanks!', messageId, headers });

  it('sends threaded, tagged, named, HTML plus text, with attachments; marks the automatic ones', async () => {
    const first = await reply('01J0000000000000000000001', ['jane-0@customer.test']);
    expect(first.providerMessageId).toBe('parley.01J0000000000000000000001@acme.test');
    const [mail] = await outbox.waitFor(1);
    const h = mail.parsed.headers;
    expect(mail.from).toBe('support@acme.test');
    expect(mail.to).toEqual(['jane@customer.test']);
    expect(mail.parsed.messageId).toBe('<parley.01J0000000000000000000001@acme.test>');
    expect(mail.parsed.inReplyTo).toBe('<jane-0@customer.test>');
    expect(mail.parsed.references).toBe('<jane-0@customer.test>');
    expect(mail.parsed.replyTo?.value).toEqual([{ address: 'support+K7QX2M@acme.test', name: '' }]);
    expect(mail.parsed.from?.value).toEqual([{ address: 'support@acme.test', name: 'Sam from Acme' }]);
    expect(mail.parsed.subject).toBe('Re: Where is my order? [#K7QX2M]');
    expect(mail.parsed.text?.trim()).toBe('It ships today.\n\nAcme');
    expect(mail.parsed.html).toBe('<p>It ships today.</p>\n<p>Acme</p>');
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['label.pdf', 'application/pdf', '%PDF-1.4\n']]);
    expect(h.get('auto-submitted')).toBeUndefined();

    const auto = await reply('01J0000000000000000000002', ['jane-0@customer.test', first.providerMessageId], {
      automatic: true,
      senderName: undefined,
      subject: 'Re: Where is my order? [#K7QX2M]',
    });
    const second = (await outbox.waitFor(2))[1];
    expect(second.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(second.parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(second.parsed.from?.value).toEqual([{ address: 'support@acme.test', name: 'Acme Support' }]);
    expect(second.parsed.subject).toBe('Re: Where is my order? [#K7QX2M]');
    expect(second.parsed.inReplyTo).toBe(`<${first.providerMessageId}>`);
    expect(second.parsed.references).toEqual(['<jane-0@customer.test>', `<${first.providerMessageId}>`]);
    expect(auto.providerMessageId).toBe('parley.01J0000000000000000000002@acme.test');
  });

  it("threads the customer's answers back: a plain reply, Outlook's rewritten In-Reply-To, a reply to an older mail, a forward", async () => {
    const ours = ['parley.01J0000000000000000000001@acme.test', 'parley.01J0000000000000000000002@acme.test'];
    host.ingested.length = 0;
    // A plain reply to our latest mail.
    await answer(
      { 'In-Reply-To': `<${ours[1]}>`, References: `<jane-0@customer.test> <${ours[0]}> <${ours[1]}>` },
      'Re: Where is my order? [#K7QX2M]',
      '<a1@customer.test>',
    );
    // Outlook: In-Reply-To names its own copy; References still carry ours.
    await answer(
      { 'In-Reply-To': '<AM0PR01MB1@outlook.test>', References: `<${ours[1]}> <AM0PR01MB1@outlook.test>` },
      'RE: Where is my order? [#K7QX2M]',
      '<a2@customer.test>',
    );
    // A reply to our first mail, not the latest.
    await answer(
      { 'In-Reply-To': `<${ours[0]}>`, References: `<jane-0@customer.test> <${ours[0]}>` },
      'Re: Where is my order? [#K7QX2M]',
      '<a3@customer.test>',
    );
    // A forward: no In-Reply-To, the tag in the subject, the token in the address.
    await answer({}, 'Fwd: Re: Where is my order? [#K7QX2M]', '<a4@customer.test>');

    const threads = Object.fromEntries(messagesOf(host).map((m) => [m.event.providerMessageId, m.event.thread]));
    expect(threads).toEqual({
      'a1@customer.test': { inReplyTo: [ours[1]], references: ['jane-0@customer.test', ours[0], ours[1]], token: 'K7QX2M', tag: 'K7QX2M' },
      'a2@customer.test': { inReplyTo: ['AM0PR01MB1@outlook.test'], references: [ours[1], 'AM0PR01MB1@outlook.test'], token: 'K7QX2M', tag: 'K7QX2M' },
      'a3@customer.test': { inReplyTo: [ours[0]], references: ['jane-0@customer.test', ours[0]], token: 'K7QX2M', tag: 'K7QX2M' },
      'a4@customer.test': { token: 'K7QX2M', tag: 'K7QX2M' },
    });
  });

  it('checks the connection to the SMTP server', async () => {
    await expect(channel.checkConnection(account())).resolves.toMatchObject({ ok: true });
    const dead = { ...account(), config: { ...account().config, smtp: { host: '127.0.0.1', port: await freePort(), secure: false } } };
    await expect(channel.checkConnection(dead)).resolves.toMatchObject({ ok: false, message: expect.stringContaining('SMTP 127.0.0.1') });
  });
});
