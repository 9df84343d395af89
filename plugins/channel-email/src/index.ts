export { EmailConfig, SmtpSettings } from './lib/email.config';
export { EmailPlugin, type EmailPluginOptions } from './lib/email.plugin';
export { EmailChannel } from './lib/email.channel';
