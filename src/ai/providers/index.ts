/** The model providers of the AI layer: settings, the AI SDK model, our retry policy. */
export { aiConfigSchema, parseAiConfig, type AiConfig } from './ai-config.ts';
export { createLanguageModel, providerLabel } from './language-model.ts';
export { classifyModelError, retryAfter, type ModelErrorVerdict } from './model-errors.ts';
export { aiProviders, type AiProvider } from './provider-facts.ts';
export { callWithRetry, type RetryInfo, type RetryOptions } from './retry.ts';
export { defaultMaxRetries, defaultTimeoutSeconds, resolveModelSettings, type ModelSettings, type ModelSettingsSources } from './settings.ts';
