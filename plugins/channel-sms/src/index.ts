export { TwilioSmsConfig, TWILIO_DEFAULT_API_BASE_URL } from './lib/twilio-sms.config';
export { twilioSmsPlugin } from './lib/twilio-sms.plugin';
