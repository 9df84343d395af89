export { RulesConfig, RULES_DEFAULT_MIN_RELEVANCE, RULES_PERSONA_MAX_LENGTH } from './lib/rules.config';
export { RulesPlugin, type RulesPluginOptions } from './lib/rules.plugin';
export { RulesProvider } from './lib/rules.provider';
export { classifyIntent, frustration, isResolution, riskOf, type IntentResult, type FrustrationResult, type RiskResult } from './lib/rules.classifier';
