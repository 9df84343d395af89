export { WhatsAppCloudConfig, WHATSAPP_DEFAULT_API_BASE_URL, WHATSAPP_DEFAULT_API_VERSION } from './lib/whatsapp-cloud.config';
export { WhatsappCloudPlugin, type WhatsappCloudPluginOptions } from './lib/whatsapp-cloud.plugin';
export { WhatsappCloudChannel } from './lib/whatsapp-cloud.channel';
