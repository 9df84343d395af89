export { WebchatConfig } from './lib/webchat.config';
export { webchatPlugin } from './lib/webchat.plugin';
