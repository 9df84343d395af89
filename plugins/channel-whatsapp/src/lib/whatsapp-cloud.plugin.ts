import type { ChannelPlugin } from '@parley/plugin-sdk';
import { WhatsAppCloudConfig } from './whatsapp-cloud.config';

const MB = 1024 * 1024;

/**
 * WhatsApp Business Cloud API. Free-form messages only within 24 hours of the contact's last
 * inbound message; outside it, approved templates.
 */
export const whatsappCloudPlugin: ChannelPlugin<WhatsAppCloudConfig> = {
  id: 'whatsapp-cloud',
  channel: 'whatsapp',
  displayName: 'WhatsApp Cloud API',
  configClass: WhatsAppCloudConfig,
  capabilities: {
    messagingWindowHours: 24,
    templates: true,
    attachments: {
      maxBytes: 16 * MB,
      mimeTypes: ['image/jpeg', 'image/png', 'audio/ogg', 'audio/mpeg', 'video/mp4', 'application/pdf'],
    },
  },
};
