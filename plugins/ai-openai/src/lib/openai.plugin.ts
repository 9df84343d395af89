import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { OpenAiProvider } from './openai.provider';

/** Options of the OpenAI-compatible plugin as a whole (per-workspace settings live in the provider config). */
export type OpenAiPluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<OpenAiPluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `OpenAiPlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [OpenAiProvider] })
export class OpenAiPlugin extends ConfigurableModuleClass {}
