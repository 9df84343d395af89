import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { WhatsappCloudChannel } from './whatsapp-cloud.channel';

/** Options of the whatsapp-cloud plugin as a whole (per-account settings live in the channel account's config). */
export type WhatsappCloudPluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<WhatsappCloudPluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `WhatsappCloudPlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [WhatsappCloudChannel] })
export class WhatsappCloudPlugin extends ConfigurableModuleClass {}
