export { TwilioVoiceConfig, TWILIO_VOICE_DEFAULT_API_BASE_URL } from './lib/twilio-voice.config';
export { TwilioVoicePlugin, type TwilioVoicePluginOptions } from './lib/twilio-voice.plugin';
export { TwilioVoiceChannel } from './lib/twilio-voice.channel';
