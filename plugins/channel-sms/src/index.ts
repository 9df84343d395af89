export { TwilioSmsConfig, TWILIO_DEFAULT_API_BASE_URL } from './lib/twilio-sms.config';
export { TwilioSmsPlugin, type TwilioSmsPluginOptions } from './lib/twilio-sms.plugin';
export { TwilioSmsChannel } from './lib/twilio-sms.channel';
