import type { InboundMessageEvent } from '@parley/plugin-sdk';
import { ImapFlow } from 'imapflow';
import { DovecotServer, ensureDovecot } from '../testing/dovecot';
import { emailAccount, FakeListenerHost } from '../testing/fake-listener-host';
import { freePort } from '../testing/smtp-double';
import { EmailChannel } from './email.channel';
import { EmailListener } from './email.listener';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const channel = new EmailChannel({ forPlugin: () => quiet });
const TIMINGS = { pollMs: 500, minBackoffMs: 200, maxBackoffMs: 1_000 };

const dovecot = ensureDovecot();
if (!dovecot.ok) throw new Error(`The IMAP test needs Debian's dovecot-imapd: ${dovecot.reason}`);

describe('IMAP intake against a real Dovecot', () => {
  let server: DovecotServer;
  let host: FakeListenerHost;
  const account = (password = server.password) =>
    emailAccount('acc-imap', {
      address: 'support@acme.test',
      imap: { host: '127.0.0.1', port: server.port, secure: false, user: server.user, password },
    });

  /** A mail placed in the mailbox over IMAP (APPEND), as a mail server delivering it would. */
  async function deliver(id: string, subject: string): Promise<void> {
    const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false });
    await client.connect();
    await client.append(
      'INBOX',
      [
        `From: "Jane Doe" <jane@customer.test>`,
        'To: support@acme.test',
        `Subject: ${subject}`,
        `Message-ID: <${id}>`,
        `Date: ${new Date().toUTCString()}`,
        '',
        `Body of ${subject}`,
        '',
      ].join('\r\n'),
    );
    await client.logout();
  }

  const ids = () => host.ingested.flatMap((i) => i.events).flatMap((e) => (e.kind === 'message' ? [(e as InboundMessageEvent).providerMessageId] : []));
  const start = async () => {
    const listener = new EmailListener(host, quiet, { imap: TIMINGS });
    await listener.start();
    return listener;
  };
  const lastStatus = () => host.statuses.filter((s) => s.accountId === 'acc-imap').at(-1)?.status;

  beforeAll(async () => {
    server = new DovecotServer(await freePort());
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    server?.remove();
  });
  beforeEach(async () => {
    host = new FakeListenerHost({ smtpPort: await freePort(), maxMessageBytes: 1024 * 1024 }, []);
  });

  it('takes in every mail once, across a restart: the first ones, one arriving while IDLE, one arriving while stopped', async () => {
    await deliver('m1@customer.test', 'first');
    host.list = [account()];
    let listener = await start();
    try {
      await host.until(() => ids().includes('m1@customer.test'), 10_000, 'first mail');
      expect(lastStatus()).toEqual({ state: 'connected', message: expect.stringContaining('Reading INBOX on 127.0.0.1 (IDLE)') });
      await deliver('m2@customer.test', 'second');
      await host.until(() => ids().includes('m2@customer.test'), 10_000, 'mail while IDLE');
      const message = host.ingested.flatMap((i) => i.events).find((e) => e.kind === 'message') as InboundMessageEvent;
      expect(message).toMatchObject({ from: { address: 'jane@customer.test', name: 'Jane Doe' }, subject: 'first', body: 'Body of first', thread: {} });
      expect([...host.cursors.values()]).toEqual([expect.stringMatching(/^\d+:2$/)]);
    } finally {
      await listener.stop();
    }

    await deliver('m3@customer.test', 'third');
    listener = await start();
    try {
      await host.until(() => ids().includes('m3@customer.test'), 10_000, 'mail that came while stopped');
      // One more poll round: nothing may come twice.
      await new Promise((r) => setTimeout(r, TIMINGS.pollMs * 2));
      expect(ids()).toEqual(['m1@customer.test', 'm2@customer.test', 'm3@customer.test']);
      expect(host.ingested.every((i) => i.accountId === 'acc-imap')).toBe(true);
    } finally {
      await listener.stop();
    }
  });

  it('keeps the cursor where the host failed to commit, and takes the mail on the next try', async () => {
    host.list = [account()];
    // The mailbox already holds m1–m3; the cursor says all of them were taken.
    const probe = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false });
    await probe.connect();
    const box = await probe.mailboxOpen('INBOX');
    await probe.logout();
    await host.setCursor('acc-imap', 'imap:INBOX', `${box.uidValidity}:${box.uidNext - 1}`);
    host.refuseIngest = new Error('database unavailable');
    const listener = await start();
    try {
      await deliver('m4@customer.test', 'fourth');
      await host.until(() => lastStatus()?.state === 'error', 10_000, 'error status');
      expect(lastStatus()).toEqual({ state: 'error', message: expect.stringContaining('database unavailable') });
      host.refuseIngest = undefined;
      await host.until(() => ids().includes('m4@customer.test'), 10_000, 'mail after the host recovered');
      await host.until(() => lastStatus()?.state === 'connected', 10_000, 'connected again');
      expect(ids()).toEqual(['m4@customer.test']);
    } finally {
      await listener.stop();
    }
  });

  it('reports a refused login, and reconnects after the server comes back', async () => {
    host.list = [account('wrong-password')];
    const listener = await start();
    try {
      await host.until(() => lastStatus()?.state === 'error', 10_000, 'error status');
      expect(lastStatus()?.message).toMatch(/^IMAP login refused/);
      // The admin fixes the password.
      host.changeAccounts([account()]);
      await host.until(() => lastStatus()?.state === 'connected', 10_000, 'connected');

      await server.stop();
      await host.until(() => lastStatus()?.state === 'error', 10_000, 'error after the server went away');
      await server.start();
      await host.until(() => lastStatus()?.state === 'connected', 15_000, 'reconnected');
      await deliver('m5@customer.test', 'fifth');
      await host.until(() => ids().includes('m5@customer.test'), 10_000, 'mail after the reconnect');
    } finally {
      await listener.stop();
    }
  });

  it('checks the IMAP login in checkConnection', async () => {
    const { SmtpServerDouble } = await import('../testing/smtp-double');
    const smtp = new SmtpServerDouble();
    await smtp.start();
    try {
      const ok = account();
      ok.config.smtp = { host: '127.0.0.1', port: smtp.port, secure: false };
      await expect(channel.checkConnection(ok)).resolves.toMatchObject({ ok: true, message: expect.stringContaining('IMAP 127.0.0.1') });
      const bad = account('wrong-password');
      bad.config.smtp = ok.config.smtp;
      await expect(channel.checkConnection(bad)).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/^IMAP login refused/) });
    } finally {
      await smtp.stop();
    }
  });
});
