export {
  WhatsAppCloudConfig,
  WHATSAPP_DEFAULT_API_BASE_URL,
  WHATSAPP_DEFAULT_API_VERSION,
} from './lib/whatsapp-cloud.config';
export { whatsappCloudPlugin } from './lib/whatsapp-cloud.plugin';
