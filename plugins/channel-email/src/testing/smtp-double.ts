import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A mail the double took: the envelope and the bytes, parsed. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/**
 * A local SMTP server (smtp-server) standing in for an account's outgoing mail server in tests: it keeps
 * what it receives and can answer the next transaction with an error code. Not part of the plugin's
 * public face (index.ts does not export it).
 */
export class SmtpServerDouble {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private failure?: { code: number; message: string };
  private waiters: (() => void)[] = [];
  port = 0;

  /** The next transaction is refused at MAIL FROM with this reply. */
  failNext(code: number, message: string): void {
    this.failure = { code, message };
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        const failure = this.failure;
        this.failure = undefined;
        callback(failure ? Object.assign(new Error(failure.message), { responseCode: failure.code }) : null);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed: await simpleParser(raw),
          });
          this.waiters.splice(0).forEach((w) => w());
          callback(null, 'queued');
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
  }

  /** Resolves once `count` mails were received in all. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`SMTP double: ${this.received.length} of ${count} mails after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
