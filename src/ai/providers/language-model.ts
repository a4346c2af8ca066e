/**
 * Builds the AI SDK model for resolved settings. Every value is passed explicitly (base URL, key,
 * headers), so the SDKs never read process.env behind our back: what settings.ts resolved is
 * exactly what is called. OpenAI models use the Responses API (the SDK's default); an
 * OpenAI-compatible server gets Chat Completions.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { AutodevopsError } from '../../core/errors.ts';
import { providerFacts } from './provider-facts.ts';
import type { ModelSettings } from './settings.ts';

/** The AI SDK model for `settings`; pass it to generateText/streamText with `maxRetries: 0` and wrap the call in callWithRetry. */
export function createLanguageModel(settings: ModelSettings): LanguageModel {
  const common = {
    baseURL: settings.baseUrl ?? providerFacts[settings.provider].defaultBaseUrl,
    ...(settings.apiKey !== undefined && { apiKey: settings.apiKey }),
    ...(settings.headers && { headers: settings.headers }),
  };
  switch (settings.provider) {
    case 'openai':
      return createOpenAI(common)(settings.model);
    case 'anthropic':
      return createAnthropic(common)(settings.model);
    case 'google':
      return createGoogleGenerativeAI(common)(settings.model);
    case 'openai-compatible':
      return createOpenAICompatible({ ...common, baseURL: requireBaseUrl(settings), name: providerLabel(settings), includeUsage: true }).chatModel(settings.model);
  }
}

/** resolveModelSettings always sets one; hand-built settings might not. */
function requireBaseUrl(settings: ModelSettings): string {
  if (settings.baseUrl !== undefined) return settings.baseUrl;
  throw new AutodevopsError('ADO_AI_NOT_CONFIGURED', 'The AI provider openai-compatible needs the server\'s base URL: set AUTODEVOPS_AI_BASE_URL (e.g. http://127.0.0.1:8000/v1) or `ai.base-url` in autodevops.yml.');
}

/**
 * The provider's name for telemetry and price lookups: `openai`, `anthropic`, `google`; for an
 * OpenAI-compatible endpoint `ollama` (Ollama's port 11434), `local` (a loopback address: vLLM,
 * llama.cpp…), else the endpoint's host name (`api.together.xyz`).
 */
export function providerLabel(settings: Pick<ModelSettings, 'provider' | 'baseUrl'>): string {
  if (settings.provider !== 'openai-compatible' || settings.baseUrl === undefined) return settings.provider;
  const url = new URL(settings.baseUrl);
  if (url.port === '11434') return 'ollama';
  return isLoopback(url.hostname) ? 'local' : url.hostname;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
