import { Injectable } from '@nestjs/common';
import {
  ChannelProvider,
  PluginLoggerFactory,
  type ChannelAccountContext,
  type ChannelPlugin,
  type InboundEvent,
  type OutboundMessage,
  type RawWebhookRequest,
  type SendResult,
  PermanentSendError,
  type PluginLogger,
} from '@parley/plugin-sdk';
import { WebchatConfig } from './webchat.config';

const MB = 1024 * 1024;

/** The embeddable web chat widget served by Parley itself. */
@ChannelProvider({ id: 'webchat' })
@Injectable()
export class WebchatChannel implements ChannelPlugin<WebchatConfig> {
  readonly id = 'webchat' as const;
  readonly channel = 'webchat' as const;
  readonly displayName = 'Web chat';
  readonly configClass = WebchatConfig;
  readonly capabilities = {
    attachments: {
      maxBytes: 10 * MB,
      mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'],
    },
  };
  private readonly logger: PluginLogger;

  constructor(loggers: PluginLoggerFactory) {
    this.logger = loggers.forPlugin('webchat');
  }

  /** Inbound for this channel is not available yet: every webhook is refused, nothing is stored. */
  verifyWebhook(_req: RawWebhookRequest, _account: ChannelAccountContext<WebchatConfig>): boolean {
    this.logger.warn('webhook refused: inbound Webchat is not available in this version');
    return false;
  }

  parseWebhook(): InboundEvent[] {
    return [];
  }

  async send(_message: OutboundMessage, _account: ChannelAccountContext<WebchatConfig>): Promise<SendResult> {
    throw new PermanentSendError('Sending on Webchat is not available in this version', 'not_supported');
  }
}
