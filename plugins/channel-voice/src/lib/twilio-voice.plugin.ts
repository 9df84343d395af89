import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { TwilioVoiceChannel } from './twilio-voice.channel';

/** Options of the twilio-voice plugin as a whole (per-account settings live in the channel account's config). */
export type TwilioVoicePluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<TwilioVoicePluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `TwilioVoicePlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [TwilioVoiceChannel] })
export class TwilioVoicePlugin extends ConfigurableModuleClass {}
