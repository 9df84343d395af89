export { EmailConfig, SmtpSettings, EMAIL_SECRET_PATHS } from './lib/email.config';
export { EmailPlugin, type EmailPluginOptions } from './lib/email.plugin';
export { EmailChannel } from './lib/email.channel';
