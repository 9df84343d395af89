import { Injectable } from '@nestjs/common';
import {
  ChannelProvider,
  PluginLoggerFactory,
  type ChannelAccountContext,
  type ChannelCapabilities,
  type ChannelPlugin,
  type InboundEvent,
  type OutboundMessage,
  type RawWebhookRequest,
  type SendResult,
  PermanentSendError,
  type PluginLogger,
} from '@parley/plugin-sdk';
import { EmailConfig } from './email.config';

const MB = 1024 * 1024;

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
  'message/rfc822',
];

/** Email: inbound by webhook (provider inbound parse) or the built-in SMTP listener, outbound by SMTP. */
@ChannelProvider({ id: 'email' })
@Injectable()
export class EmailChannel implements ChannelPlugin<EmailConfig> {
  readonly id = 'email' as const;
  readonly channel = 'email' as const;
  readonly displayName = 'Email';
  readonly configClass = EmailConfig;
  readonly capabilities: ChannelCapabilities = {
    html: true,
    subject: true,
    attachments: { maxBytes: 25 * MB, mimeTypes: EMAIL_MIME_TYPES },
  };
  private readonly logger: PluginLogger;

  constructor(loggers: PluginLoggerFactory) {
    this.logger = loggers.forPlugin('email');
  }

  /** Inbound for this channel is not available yet: every webhook is refused, nothing is stored. */
  verifyWebhook(_req: RawWebhookRequest, _account: ChannelAccountContext<EmailConfig>): boolean {
    this.logger.warn('webhook refused: inbound Email is not available in this version');
    return false;
  }

  parseWebhook(): InboundEvent[] {
    return [];
  }

  async send(_message: OutboundMessage, _account: ChannelAccountContext<EmailConfig>): Promise<SendResult> {
    throw new PermanentSendError('Sending on Email is not available in this version', 'not_supported');
  }
}
