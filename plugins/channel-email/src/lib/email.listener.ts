import type { ChannelAccountContext, ChannelListener, ChannelListenerHost, InboundEvent, PluginLogger } from '@parley/plugin-sdk';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EmailConfig } from './email.config';
import { ImapIntake, type ImapTimings } from './email.imap';
import { parseEmail, splitPlusAddress } from './email.parser';

type Account = ChannelAccountContext<EmailConfig>;

export const EMAIL_PLUGIN_ID = 'email';

/** An SMTP reply with its code (smtp-server answers `responseCode` and the message). */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

export interface EmailListenerOptions {
  /** IMAP timings (tests shorten them). */
  imap?: Partial<ImapTimings>;
}

/**
 * The email plugin's intake besides the webhook: the built-in SMTP server (MX or forwarding target) routing
 * each recipient to its account, and one IMAP connection per account that has `imap` configured. Both hand
 * raw mail to the one parser and acknowledge only once the host committed it.
 */
export class EmailListener implements ChannelListener {
  private server?: SMTPServer;
  private byAddress = new Map<string, Account>();
  private readonly imap = new Map<string, { key: string; intake: ImapIntake }>();
  private unsubscribe?: () => void;
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly host: ChannelListenerHost,
    private readonly logger: PluginLogger,
    private readonly options: EmailListenerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    this.unsubscribe = this.host.onAccountsChanged(EMAIL_PLUGIN_ID, () => {
      this.refreshing = this.refreshing.then(() => this.refresh()).catch((err) => this.logger.error(`email accounts refresh failed: ${String(err)}`));
    });
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.refreshing.catch(() => undefined);
    await Promise.all([...this.imap.values()].map(({ intake }) => intake.stop()));
    this.imap.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The port the SMTP server listens on (the configured one, or the one the OS chose for 0). */
  get smtpPort(): number | undefined {
    const address = (this.server as unknown as { server?: { address(): { port: number } | string | null } })?.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Re-reads the accounts: the SMTP routing table, and an IMAP connection per account with `imap` (restarted when its settings change). */
  private async refresh(): Promise<void> {
    if (this.stopped) return;
    const accounts = (await this.host.accounts(EMAIL_PLUGIN_ID)) as Account[];
    const byAddress = new Map<string, Account>();
    for (const account of accounts) {
      const address = account.config?.address;
      if (typeof address !== 'string') continue;
      const base = splitPlusAddress(address).base;
      if (byAddress.has(base)) this.logger.warn(`two email accounts receive ${base}: mail goes to account ${byAddress.get(base)?.id}, not ${account.id}`);
      else byAddress.set(base, account);
    }
    this.byAddress = byAddress;

    const wanted = new Map(accounts.filter((a) => a.config?.imap).map((a) => [a.id, { account: a, key: JSON.stringify([a.config.imap, a.config.address]) }]));
    for (const [id, running] of [...this.imap]) {
      if (wanted.get(id)?.key === running.key) continue;
      this.imap.delete(id);
      await running.intake.stop();
    }
    for (const [id, { account, key }] of wanted) {
      if (this.imap.has(id) || this.stopped) continue;
      const intake = new ImapIntake(account, this.host, this.logger, this.options.imap);
      this.imap.set(id, { key, intake });
      intake.start();
    }
  }

  private async listen(): Promise<void> {
    const { smtpPort, tls, maxMessageBytes } = this.host.settings;
    const server = new SMTPServer({
      name: 'parley',
      banner: 'Parley mail intake',
      // An MX takes mail for its own mailboxes; nobody logs in to relay.
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      hideSTARTTLS: !tls,
      ...(tls ? { key: tls.key, cert: tls.cert } : {}),
      size: maxMessageBytes,
      logger: false,
      onRcptTo: (address, _session, callback) => callback(this.route(address)),
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          (reply) => callback(null, reply),
          (err: Error) => callback(err),
        );
      },
    });
    server.on('error', (err) => this.logger.error(`SMTP listener: ${err.message}`));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(new Error(`SMTP listener cannot listen on port ${smtpPort}: ${err.message}`));
      const netServer = (server as unknown as { server: import('node:net').Server }).server;
      netServer.once('error', onError);
      server.listen(smtpPort, () => {
        netServer.off('error', onError);
        resolve();
      });
    });
    this.logger.log(`SMTP listener on port ${this.smtpPort}${tls ? ' (STARTTLS)' : ''}`);
  }

  /** RCPT TO: a mailbox of one of the accounts (plus-address allowed), or 550. */
  private route(address: SMTPServerAddress): Error | null {
    const { base } = splitPlusAddress(address.address);
    if (this.byAddress.has(base)) return null;
    return smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`);
  }

  /** DATA: the whole mail, parsed once per account it was sent to, committed by the host before the 250. */
  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = this.host.settings.maxMessageBytes;
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
      });
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    if (stream.sizeExceeded || size > limit) throw smtpError(552, `5.3.4 Message too big: at most ${limit} bytes`);
    const raw = Buffer.concat(chunks);

    // Recipients by account (a mail to two of our mailboxes lands in both).
    const targets = new Map<string, { account: Account; rcpt: string[] }>();
    for (const rcpt of session.envelope.rcptTo) {
      const account = this.byAddress.get(splitPlusAddress(rcpt.address).base);
      if (!account) continue;
      const entry = targets.get(account.id) ?? { account, rcpt: [] };
      entry.rcpt.push(rcpt.address);
      targets.set(account.id, entry);
    }
    if (!targets.size) throw smtpError(550, '5.1.1 No valid recipients');
    const mailFrom = session.envelope.mailFrom;
    const envelopeFrom = mailFrom === false ? undefined : mailFrom.address;

    let events: Map<string, InboundEvent[]>;
    try {
      events = new Map(
        await Promise.all(
          [...targets.values()].map(
            async ({ account, rcpt }) =>
              [account.id, await parseEmail(raw, { accountAddress: account.config.address, envelopeFrom, envelopeTo: rcpt })] as const,
          ),
        ),
      );
    } catch (err) {
      this.logger.warn(`SMTP listener: unreadable mail refused: ${String(err)}`);
      throw smtpError(554, '5.6.0 The message could not be parsed');
    }
    try {
      for (const [accountId, list] of events) await this.host.ingest(accountId, list);
    } catch (err) {
      this.logger.warn(`SMTP listener: mail not committed, the sender will retry: ${String(err)}`);
      throw smtpError(451, '4.3.0 Temporary failure storing the message, try again later');
    }
    const id = [...events.values()].flat().find((e) => e.kind === 'message');
    return `2.0.0 Accepted${id && 'providerMessageId' in id ? ` <${id.providerMessageId}>` : ''}`;
  }
}
