import type { DynamicModule } from '@nestjs/common';
import { TwilioSmsPlugin } from '@parley/channel-sms';
import { WhatsappCloudPlugin } from '@parley/channel-whatsapp';
import { EmailPlugin } from '@parley/channel-email';
import { WebchatPlugin } from '@parley/channel-webchat';
import { TwilioVoicePlugin } from '@parley/channel-voice';
import { RulesPlugin } from '@parley/ai-rules';
import { OpenAiPlugin } from '@parley/ai-openai';

/** The one list of enabled plugins: apps/api and apps/worker both compose exactly these. */
export const ENABLED_PLUGINS: DynamicModule[] = [
  TwilioSmsPlugin.forRoot({}),
  WhatsappCloudPlugin.forRoot({}),
  EmailPlugin.forRoot({}),
  WebchatPlugin.forRoot({}),
  TwilioVoicePlugin.forRoot({}),
  RulesPlugin.forRoot({}),
  OpenAiPlugin.forRoot({}),
];
