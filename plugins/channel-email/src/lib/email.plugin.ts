import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { EmailChannel } from './email.channel';

/** Options of the email plugin as a whole (per-account settings live in the channel account's config). */
export type EmailPluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<EmailPluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `EmailPlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [EmailChannel] })
export class EmailPlugin extends ConfigurableModuleClass {}
