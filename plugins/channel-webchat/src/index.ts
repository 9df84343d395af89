export { WebchatConfig } from './lib/webchat.config';
export { WebchatPlugin, type WebchatPluginOptions } from './lib/webchat.plugin';
export { WebchatChannel } from './lib/webchat.channel';
