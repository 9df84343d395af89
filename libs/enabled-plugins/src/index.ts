import type { ChannelPlugin } from '@parley/plugin-sdk';
import { twilioSmsPlugin } from '@parley/channel-sms';
import { whatsappCloudPlugin } from '@parley/channel-whatsapp';
import { emailPlugin } from '@parley/channel-email';
import { webchatPlugin } from '@parley/channel-webchat';
import { twilioVoicePlugin } from '@parley/channel-voice';

/** The one list of enabled channel plugins: apps/api and apps/worker both compose exactly these. */
export const ENABLED_CHANNEL_PLUGINS: ChannelPlugin[] = [
  twilioSmsPlugin,
  whatsappCloudPlugin,
  emailPlugin,
  webchatPlugin,
  twilioVoicePlugin,
] as ChannelPlugin[];
