export { EmailConfig, SmtpSettings, EMAIL_SECRET_PATHS } from './lib/email.config';
export { emailPlugin } from './lib/email.plugin';
