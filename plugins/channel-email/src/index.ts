export { EmailConfig, ImapSettings, SmtpSettings } from './lib/email.config';
export { EmailPlugin, type EmailPluginOptions } from './lib/email.plugin';
export { EmailChannel } from './lib/email.channel';
export { EmailListener, type EmailListenerOptions } from './lib/email.listener';
export { parseEmail, type ParseContext } from './lib/email.parser';
export { sanitizeEmailHtml, REMOTE_IMAGE_ATTRIBUTE } from './lib/email.html';
export { INBOUND_SECRET_HEADER } from './lib/email.webhook';
