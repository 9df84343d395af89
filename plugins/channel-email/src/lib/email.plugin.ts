import type { ChannelPlugin } from '@parley/plugin-sdk';
import { EmailConfig } from './email.config';

const MB = 1024 * 1024;

/** Common attachment types accepted on email. */
const EMAIL_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/calendar',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'message/rfc822',
];

/** Email: inbound by webhook (provider inbound parse) or the built-in SMTP listener, outbound by SMTP. */
export const emailPlugin: ChannelPlugin<EmailConfig> = {
  id: 'email',
  channel: 'email',
  displayName: 'Email',
  configClass: EmailConfig,
  capabilities: {
    html: true,
    subject: true,
    attachments: { maxBytes: 25 * MB, mimeTypes: EMAIL_MIME_TYPES },
  },
};
