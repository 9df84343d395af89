import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { TwilioSmsChannel } from './twilio-sms.channel';

/** Options of the twilio-sms plugin as a whole (per-account settings live in the channel account's config). */
export type TwilioSmsPluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<TwilioSmsPluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `TwilioSmsPlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [TwilioSmsChannel] })
export class TwilioSmsPlugin extends ConfigurableModuleClass {}
