import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { WebchatChannel } from './webchat.channel';

/** Options of the webchat plugin as a whole (per-account settings live in the channel account's config). */
export type WebchatPluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<WebchatPluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `WebchatPlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [WebchatChannel] })
export class WebchatPlugin extends ConfigurableModuleClass {}
