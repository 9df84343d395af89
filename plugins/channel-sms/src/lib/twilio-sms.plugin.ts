import type { ChannelPlugin } from '@parley/plugin-sdk';
import { TwilioSmsConfig } from './twilio-sms.config';

const MB = 1024 * 1024;

/** Twilio Programmable Messaging: SMS, plus MMS media. No customer-service window. */
export const twilioSmsPlugin: ChannelPlugin<TwilioSmsConfig> = {
  id: 'twilio-sms',
  channel: 'sms',
  displayName: 'Twilio SMS',
  configClass: TwilioSmsConfig,
  capabilities: {
    attachments: { maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] },
  },
};
