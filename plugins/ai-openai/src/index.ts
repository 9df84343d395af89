export { OpenAiConfig, OPENAI_DEFAULT_MAX_RETRIES, OPENAI_DEFAULT_TIMEOUT_MS, OPENAI_SYSTEM_PROMPT_MAX_LENGTH } from './lib/openai.config';
export { OpenAiPlugin, type OpenAiPluginOptions } from './lib/openai.plugin';
export { OpenAiProvider } from './lib/openai.provider';
export { ASSISTANT_REPORT_SCHEMA } from './lib/openai.report';
