import type { ChannelPlugin } from '@parley/plugin-sdk';
import { WebchatConfig } from './webchat.config';

const MB = 1024 * 1024;

/** The embeddable web chat widget served by Parley itself. */
export const webchatPlugin: ChannelPlugin<WebchatConfig> = {
  id: 'webchat',
  channel: 'webchat',
  displayName: 'Web chat',
  configClass: WebchatConfig,
  capabilities: {
    attachments: {
      maxBytes: 10 * MB,
      mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'],
    },
  },
};
