export { TwilioVoiceConfig, TWILIO_VOICE_DEFAULT_API_BASE_URL } from './lib/twilio-voice.config';
export { twilioVoicePlugin } from './lib/twilio-voice.plugin';
