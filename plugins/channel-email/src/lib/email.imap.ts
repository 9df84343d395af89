import type { ChannelAccountContext, ChannelListenerHost, PluginLogger } from '@parley/plugin-sdk';
import { ImapFlow } from 'imapflow';
import type { EmailConfig, ImapSettings } from './email.config';
import { parseEmail } from './email.parser';

type Account = ChannelAccountContext<EmailConfig>;

export interface ImapTimings {
  /** A full check for new mail this often, IDLE or not (the fallback when IDLE is missing or silently dead). */
  pollMs: number;
  /** First reconnect delay; doubles on each failure up to `maxBackoffMs`. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** On the first connection (no cursor yet), mail received this many days back is taken in. */
  initialDays: number;
}

const DEFAULT_TIMINGS: ImapTimings = { pollMs: 60_000, minBackoffMs: 1_000, maxBackoffMs: 5 * 60_000, initialDays: 7 };
/** The cursor's key per mailbox: `uidvalidity:lastuid` of the last mail committed. */
export const imapCursorKey = (mailbox: string) => `imap:${mailbox}`;

/** An IMAP client for the account's mailbox (imapflow), with deadlines and without its own logging. */
export function imapClient(imap: ImapSettings): ImapFlow {
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
    clientInfo: { name: 'Parley' },
  });
}

/** What went wrong, in words an admin can act on. */
export function imapErrorText(err: unknown): string {
  const e = (err ?? {}) as { authenticationFailed?: boolean; responseText?: string; code?: string; message?: string; serverResponseCode?: string };
  if (e.authenticationFailed) return `IMAP login refused: ${e.responseText || 'invalid credentials'}`;
  if (e.code === 'ECONNREFUSED') return 'IMAP server refused the connection';
  if (e.code === 'ETIMEDOUT' || e.code === 'CONNECT_TIMEOUT' || e.code === 'GREETING_TIMEOUT') return 'IMAP server did not answer in time';
  if (e.code === 'ENOTFOUND') return 'IMAP server host not found';
  if (e.serverResponseCode === 'NONEXISTENT' || /Mailbox doesn't exist|NONEXISTENT/i.test(e.responseText ?? ''))
    return `IMAP mailbox not found: ${e.responseText ?? ''}`.trim();
  return `IMAP error: ${e.responseText || e.message || String(err)}`.slice(0, 300);
}

/**
 * One account's mailbox: connect, take in every mail after the cursor (in UID order, each committed by the
 * host before the cursor moves past it), then wait with IDLE (imapflow falls back to polling where the
 * server has no IDLE) and check on every new-mail notice and every `pollMs`; on any failure, report it and
 * reconnect with exponential backoff. A restart resumes from the cursor: nothing missed, nothing repeated
 * (and a repeat would be deduped by Message-ID anyway).
 */
export class ImapIntake {
  private readonly timings: ImapTimings;
  private client?: ImapFlow;
  private stopped = false;
  private running?: Promise<void>;
  private wake?: () => void;
  private backoffMs: number;

  constructor(
    private readonly account: Account,
    private readonly host: ChannelListenerHost,
    private readonly logger: PluginLogger,
    timings: Partial<ImapTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
    this.backoffMs = this.timings.minBackoffMs;
  }

  private get imap(): ImapSettings {
    return this.account.config.imap as ImapSettings;
  }

  private get mailbox(): string {
    return this.imap.mailbox || 'INBOX';
  }

  start(): void {
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (client) await client.logout().catch(() => client.close());
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session();
      } catch (err) {
        if (this.stopped) break;
        const reason = imapErrorText(err);
        this.logger.warn(`IMAP account ${this.account.id}: ${reason}; reconnecting in ${Math.round(this.backoffMs / 1000)} s`);
        await this.status('error', reason);
        await this.sleep(this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, this.timings.maxBackoffMs);
      }
    }
  }

  /** One connection's life: returns or throws when it ends. */
  private async session(): Promise<void> {
    await this.status('connecting');
    const client = imapClient(this.imap);
    this.client = client;
    let closed: (err: Error) => void = () => undefined;
    const ended = new Promise<never>((_resolve, reject) => (closed = reject));
    ended.catch(() => undefined);
    client.on('error', (err: Error) => closed(err));
    client.on('close', () => closed(Object.assign(new Error('connection closed'), { responseText: 'connection closed by the server' })));
    client.on('exists', () => this.wake?.());
    try {
      await client.connect();
      const box = await client.mailboxOpen(this.mailbox);
      this.backoffMs = this.timings.minBackoffMs;
      await this.status('connected', `Reading ${this.mailbox} on ${this.imap.host}${client.capabilities.has('IDLE') ? ' (IDLE)' : ' (polling)'}`);
      while (!this.stopped) {
        await Promise.race([this.takeNew(client, String(box.uidValidity)), ended]);
        if (this.stopped) break;
        // imapflow IDLEs by itself between commands; a notice or the poll timer wakes us for the next check.
        await Promise.race([this.sleep(this.timings.pollMs), ended]);
      }
    } finally {
      this.client = undefined;
      if (client.usable) await client.logout().catch(() => client.close());
      else client.close();
    }
  }

  /** Every mail after the cursor, oldest first; the cursor moves only past what the host committed. */
  private async takeNew(client: ImapFlow, uidValidity: string): Promise<void> {
    const key = imapCursorKey(this.mailbox);
    const cursor = await this.host.getCursor(this.account.id, key);
    const [savedValidity, savedUid] = (cursor ?? '').split(':');
    let lastUid = savedValidity === uidValidity ? Number(savedUid) || 0 : 0;
    // No cursor for this UIDVALIDITY (first run, or the server renumbered the mailbox): take recent mail in,
    // deduped by Message-ID in the host.
    const uids =
      lastUid > 0
        ? await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })
        : await client.search({ since: new Date(Date.now() - this.timings.initialDays * 86_400_000) }, { uid: true });
    const pending = (uids || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    for (const uid of pending) {
      if (this.stopped) return;
      const fetched = await client.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
      if (fetched && fetched.source) {
        const events = await parseEmail(fetched.source, { accountAddress: this.account.config.address }).catch((err: unknown) => {
          // A mail no parser can read would block the mailbox forever: it is skipped, and said so.
          this.logger.warn(`IMAP account ${this.account.id}: UID ${uid} skipped, unreadable: ${String(err)}`);
          return null;
        });
        if (events) await this.host.ingest(this.account.id, events);
      }
      lastUid = uid;
      await this.host.setCursor(this.account.id, key, `${uidValidity}:${lastUid}`);
    }
    if (!pending.length && lastUid === 0 && (uids || []).length === 0) {
      // Nothing yet: remember where the mailbox stands, so the next check asks only for newer mail.
      const uidNext = client.mailbox ? client.mailbox.uidNext : 0;
      if (uidNext > 1) await this.host.setCursor(this.account.id, key, `${uidValidity}:${uidNext - 1}`);
    }
  }

  private async status(state: 'connecting' | 'connected' | 'error', message?: string): Promise<void> {
    await this.host.setStatus(this.account.id, { state, ...(message ? { message } : {}) }).catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
