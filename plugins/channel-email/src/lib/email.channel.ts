import { Inject, Injectable } from '@nestjs/common';
import {
  ChannelProvider,
  PluginLoggerFactory,
  type ChannelAccountContext,
  type ChannelCapabilities,
  type ChannelListener,
  type ChannelListenerHost,
  type ChannelPlugin,
  type InboundEvent,
  type OutboundMessage,
  type PluginLogger,
  type RawWebhookRequest,
  type SendResult,
} from '@parley/plugin-sdk';
import { EmailConfig } from './email.config';
import { imapClient, imapErrorText } from './email.imap';
import { EmailListener, EMAIL_PLUGIN_ID } from './email.listener';
import { parseEmail } from './email.parser';
import { sendEmail, smtpTransport } from './email.send';
import { verifyInboundSecret } from './email.webhook';

const MB = 1024 * 1024;

type Account = ChannelAccountContext<EmailConfig>;

/** Common attachment types accepted on email. */
const EMAIL_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/calendar',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

/**
 * Email: inbound by the built-in SMTP listener (MX), IMAP, or a provider's inbound-parse webhook (raw MIME
 * with a shared secret), all through one parser; outbound by the account's SMTP server, threaded.
 */
@ChannelProvider({ id: EMAIL_PLUGIN_ID })
@Injectable()
export class EmailChannel implements ChannelPlugin<EmailConfig> {
  readonly id = EMAIL_PLUGIN_ID;
  readonly channel = 'email' as const;
  readonly displayName = 'Email';
  readonly configClass = EmailConfig;
  readonly capabilities: ChannelCapabilities = {
    html: true,
    subject: true,
    attachments: { maxBytes: 25 * MB, mimeTypes: EMAIL_MIME_TYPES },
  };
  private readonly logger: PluginLogger;

  constructor(@Inject(PluginLoggerFactory) loggers: PluginLoggerFactory) {
    this.logger = loggers.forPlugin(EMAIL_PLUGIN_ID);
  }

  /** The inbound-parse webhook carries the account's `inboundSecret` (X-Parley-Secret or basic auth). */
  verifyWebhook(req: RawWebhookRequest, account: Account): boolean {
    const valid = verifyInboundSecret(req, account.config.inboundSecret);
    if (!valid) {
      this.logger.warn(
        account.config.inboundSecret
          ? `webhook refused for account ${account.id}: wrong or missing inbound secret`
          : `webhook refused for account ${account.id}: no inboundSecret configured`,
      );
    }
    return valid;
  }

  /** The body is the raw mail (RFC 5322), as a provider's "raw MIME" inbound parse posts it. */
  async parseWebhook(req: RawWebhookRequest, account: Account): Promise<InboundEvent[]> {
    if (!req.rawBody.length) return [{ kind: 'ignored', reason: 'empty body: no mail' }];
    return parseEmail(req.rawBody, { accountAddress: account.config.address });
  }

  async send(message: OutboundMessage, account: Account): Promise<SendResult> {
    try {
      return { providerMessageId: await sendEmail(message, account.config) };
    } catch (error) {
      const e = error as Error & { code?: string };
      this.logger.warn(`send of message ${message.id} failed (${e.name} ${e.code ?? ''}): ${e.message}`);
      throw error;
    }
  }

  /** SMTP: connect and log in (nodemailer's verify); IMAP, when configured: log in and open the mailbox. */
  async checkConnection(account: Account): Promise<{ ok: boolean; message?: string }> {
    const { smtp, imap } = account.config;
    const transport = smtpTransport(smtp);
    try {
      await transport.verify();
    } catch (error) {
      const e = error as { response?: string; code?: string; message?: string };
      return { ok: false, message: `SMTP ${smtp.host}:${smtp.port} refused: ${(e.response ?? e.message ?? e.code ?? 'unknown error').slice(0, 300)}` };
    } finally {
      transport.close();
    }
    if (!imap) return { ok: true, message: `SMTP ${smtp.host}:${smtp.port} accepted the login` };
    const client = imapClient(imap);
    client.on('error', () => undefined);
    try {
      await client.connect();
      const box = await client.mailboxOpen(imap.mailbox || 'INBOX', { readOnly: true });
      return { ok: true, message: `SMTP ${smtp.host}:${smtp.port} and IMAP ${imap.host} accepted the login; ${box.path} holds ${box.exists} mails` };
    } catch (error) {
      return { ok: false, message: imapErrorText(error) };
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** The SMTP server on SMTP_PORT and the IMAP connections, started by the host in API processes. */
  listener(host: ChannelListenerHost): ChannelListener {
    return new EmailListener(host, this.logger);
  }
}
