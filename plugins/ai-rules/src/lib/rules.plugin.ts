import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { RulesProvider } from './rules.provider';

/** Options of the rules plugin as a whole (per-workspace settings live in the provider config). */
export type RulesPluginOptions = Record<string, never>;

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<RulesPluginOptions>().setClassMethodName('forRoot').build();

/** Enable with `RulesPlugin.forRoot({})` in the list of enabled plugins. */
@Module({ providers: [RulesProvider] })
export class RulesPlugin extends ConfigurableModuleClass {}
