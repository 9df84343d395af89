import type { ChannelPlugin } from '@parley/plugin-sdk';
import { TwilioVoiceConfig } from './twilio-voice.config';

/** Twilio Programmable Voice: phone calls. No text capabilities (no attachments, HTML or subject). */
export const twilioVoicePlugin: ChannelPlugin<TwilioVoiceConfig> = {
  id: 'twilio-voice',
  channel: 'voice',
  displayName: 'Twilio Voice',
  configClass: TwilioVoiceConfig,
  capabilities: {},
};
