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
import { TwilioVoiceConfig } from './twilio-voice.config';

/** Twilio Programmable Voice: phone calls. No text capabilities (no attachments, HTML or subject). */
@ChannelProvider({ id: 'twilio-voice' })
@Injectable()
export class TwilioVoiceChannel implements ChannelPlugin<TwilioVoiceConfig> {
  readonly id = 'twilio-voice' as const;
  readonly channel = 'voice' as const;
  readonly displayName = 'Twilio Voice';
  readonly configClass = TwilioVoiceConfig;
  readonly capabilities = {};
  private readonly logger: PluginLogger;

  constructor(loggers: PluginLoggerFactory) {
    this.logger = loggers.forPlugin('twilio-voice');
  }

  /** Inbound for this channel is not available yet: every webhook is refused, nothing is stored. */
  verifyWebhook(_req: RawWebhookRequest, _account: ChannelAccountContext<TwilioVoiceConfig>): boolean {
    this.logger.warn('webhook refused: inbound TwilioVoice is not available in this version');
    return false;
  }

  parseWebhook(): InboundEvent[] {
    return [];
  }

  async send(_message: OutboundMessage, _account: ChannelAccountContext<TwilioVoiceConfig>): Promise<SendResult> {
    throw new PermanentSendError('Sending on TwilioVoice is not available in this version', 'not_supported');
  }
}
