/**
 * What autodevops knows about each model provider: the variable that conventionally holds its key,
 * its documented default model, and its official endpoint. Settings resolution and the model
 * factory both read this one table, so a provider is added in one place.
 */

/** The model providers autodevops can talk to. */
export const aiProviders = ['openai', 'anthropic', 'google', 'openai-compatible'] as const;

/** One of {@link aiProviders}. */
export type AiProvider = (typeof aiProviders)[number];

/** Conventions of one provider. */
export interface ProviderFacts {
  /** The environment variable its SDKs read the API key from. */
  keyVariable: string;
  /** Whether a call without a key is pointless (true for the hosted APIs). */
  keyRequired: boolean;
  /** The provider's own base-URL variable, honoured like its SDK does. */
  baseUrlVariable?: string;
  /**
   * The model used when none is configured: a current, capable general model. An
   * OpenAI-compatible server serves whatever it loaded, so it has no default.
   */
  defaultModel?: string;
  /** The official endpoint; passed explicitly so the SDK never falls back to process.env. */
  defaultBaseUrl?: string;
}

/** The conventions of every provider. */
export const providerFacts: Record<AiProvider, ProviderFacts> = {
  openai: {
    keyVariable: 'OPENAI_API_KEY',
    keyRequired: true,
    baseUrlVariable: 'OPENAI_BASE_URL',
    defaultModel: 'gpt-5',
    defaultBaseUrl: 'https://api.openai.com/v1',
  },
  anthropic: {
    keyVariable: 'ANTHROPIC_API_KEY',
    keyRequired: true,
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    defaultModel: 'claude-sonnet-4-5',
    defaultBaseUrl: 'https://api.anthropic.com/v1',
  },
  google: {
    keyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY',
    keyRequired: true,
    defaultModel: 'gemini-2.5-pro',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  },
  'openai-compatible': { keyVariable: 'AUTODEVOPS_AI_API_KEY', keyRequired: false },
};

/** True when `name` is a provider autodevops knows. */
export function isAiProvider(name: string): name is AiProvider {
  return (aiProviders as readonly string[]).includes(name);
}

/** The provider whose model names look like `model` (gpt-…, o3…, claude-…, gemini-…), if any. */
export function providerOfModelName(model: string): AiProvider | undefined {
  if (/^(gpt-|chatgpt-|o\d)/.test(model)) return 'openai';
  if (model.startsWith('claude-')) return 'anthropic';
  if (model.startsWith('gemini-')) return 'google';
  return undefined;
}
