/**
 * Which model an AI step talks to. Three layers, highest first: the step's `with:` inputs
 * (`provider`, `model`, `base-url`), the `ai:` section of autodevops.yml, then the environment
 * (AUTODEVOPS_AI_PROVIDER, AUTODEVOPS_AI_MODEL, AUTODEVOPS_AI_BASE_URL, the providers' own key and
 * base-URL variables, OLLAMA_HOST).
 *
 * The provider comes from the highest layer that names one; otherwise it is inferred from the one
 * provider that has credentials (OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY,
 * or OLLAMA_HOST for a local Ollama at `<host>/v1`). A lower layer's model, base URL and key variable
 * are used only when that layer names no provider or the same one, so switching a step to another
 * provider never sends it the first provider's model name. Default models: see provider-facts.ts.
 */
import { AutodevopsError } from '../../core/errors.ts';
import type { AiConfig } from './ai-config.ts';
import { aiProviders, isAiProvider, providerFacts, providerOfModelName, type AiProvider } from './provider-facts.ts';

/** Everything needed to build and call a model. `apiKey` is a secret: mask it before logging anything. */
export interface ModelSettings {
  provider: AiProvider;
  model: string;
  /** Undefined means the provider's official endpoint. */
  baseUrl?: string;
  apiKey?: string;
  /** The variable the key was read from, named in error messages. */
  apiKeyVariable?: string;
  headers?: Record<string, string>;
  /** Retries after the first attempt of one model call. */
  maxRetries: number;
  /** Wall-clock limit of one model call. */
  timeoutMs: number;
}

/** Where settings come from. `env` is the step's environment (process env plus workflow `env:`). */
export interface ModelSettingsSources {
  env: Record<string, string | undefined>;
  config?: AiConfig;
  /** The step's `with:` inputs; only `provider`, `model` and `base-url` are read. */
  step?: Record<string, unknown>;
}

/** Retries of one model call when autodevops.yml sets none. */
export const defaultMaxRetries = 3;
/** Limit of one model call when autodevops.yml sets none: long enough for a large non-streamed answer. */
export const defaultTimeoutSeconds = 300;

type Source = 'step' | 'config' | 'env';
type Field = 'provider' | 'model' | 'base-url' | 'api-key-env';
type Env = ModelSettingsSources['env'];

/** What one source says; every value already validated. */
interface Layer {
  source: Source;
  provider?: AiProvider;
  model?: string;
  baseUrl?: string;
  apiKeyVariable?: string;
}

/** The environment's counterpart of each field (the key variable is configured in the file only). */
const envFields = {
  provider: 'AUTODEVOPS_AI_PROVIDER',
  model: 'AUTODEVOPS_AI_MODEL',
  'base-url': 'AUTODEVOPS_AI_BASE_URL',
} as const;

/** How a message names a field of a source. */
function fieldName(source: Source, field: Field): string {
  if (source === 'step') return `the step's \`with: ${field}\``;
  if (source === 'config' || field === 'api-key-env') return `\`ai.${field}\` in autodevops.yml`;
  return envFields[field];
}

function notConfigured(message: string): AutodevopsError {
  return new AutodevopsError('ADO_AI_NOT_CONFIGURED', message);
}

/** Resolves the model settings of an AI step; ADO_AI_NOT_CONFIGURED says exactly what to set. */
export function resolveModelSettings(sources: ModelSettingsSources): ModelSettings {
  const { env, config } = sources;
  const layers = [stepLayer(sources.step), configLayer(config), envLayer(env)];
  const { provider, origin } = chooseProvider(layers, env);
  const applicable = layers.filter((layer) => layer.provider === undefined || layer.provider === provider);
  const pick = <K extends 'baseUrl' | 'apiKeyVariable'>(key: K): Layer[K] => applicable.find((layer) => layer[key] !== undefined)?.[key];
  const baseUrl = pick('baseUrl') ?? environmentBaseUrl(provider, env, origin);
  const configApplies = applicable.some((layer) => layer.source === 'config');
  return {
    provider,
    model: pickModel(applicable, provider) ?? defaultModel(provider, origin),
    ...(baseUrl !== undefined && { baseUrl }),
    ...resolveKey(provider, origin, pick('apiKeyVariable'), env),
    ...(configApplies && config?.headers && { headers: config.headers }),
    maxRetries: config?.['max-retries'] ?? defaultMaxRetries,
    timeoutMs: (config?.['timeout-seconds'] ?? defaultTimeoutSeconds) * 1000,
  };
}

function stepLayer(step: Record<string, unknown> | undefined): Layer {
  const read = (field: Field): string | undefined => {
    const value = step?.[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw notConfigured(`${fieldName('step', field)} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}.`);
    return nonEmpty(value);
  };
  return layer('step', { provider: read('provider'), model: read('model'), 'base-url': read('base-url') });
}

function configLayer(config: AiConfig | undefined): Layer {
  return layer('config', { provider: config?.provider, model: config?.model, 'base-url': config?.['base-url'], 'api-key-env': config?.['api-key-env'] });
}

function envLayer(env: Env): Layer {
  const read = (field: keyof typeof envFields): string | undefined => nonEmpty(env[envFields[field]]);
  return layer('env', { provider: read('provider'), model: read('model'), 'base-url': read('base-url') });
}

function layer(source: Source, raw: Partial<Record<Field, string | undefined>>): Layer {
  const provider = raw.provider === undefined ? undefined : parseProvider(raw.provider, fieldName(source, 'provider'));
  const baseUrl = raw['base-url'] === undefined ? undefined : parseBaseUrl(raw['base-url'], fieldName(source, 'base-url'));
  return {
    source,
    ...(provider && { provider }),
    ...(raw.model !== undefined && { model: raw.model.trim() }),
    ...(baseUrl !== undefined && { baseUrl }),
    ...(raw['api-key-env'] !== undefined && { apiKeyVariable: raw['api-key-env'] }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseProvider(value: string, field: string): AiProvider {
  const name = value.trim().toLowerCase();
  if (isAiProvider(name)) return name;
  throw notConfigured(`${field} is "${value}", which is not a provider autodevops knows; use one of ${aiProviders.join(', ')}.`);
}

/** An http(s) URL without trailing slash. The value is not echoed: a URL may carry a token. */
function parseBaseUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw notConfigured(`${field} is not a valid URL; write it in full, e.g. https://llm.example.com/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw notConfigured(`${field} must be an http:// or https:// URL, not ${url.protocol}//…`);
  }
  return value.trim().replace(/\/+$/, '');
}

/** The explicit provider of the highest layer, else the single one with credentials. */
function chooseProvider(layers: Layer[], env: Env): { provider: AiProvider; origin: string } {
  for (const { provider, source } of layers) {
    if (provider) return { provider, origin: `from ${fieldName(source, 'provider')}` };
  }
  const candidates = credentialedProviders(env);
  const [only] = candidates;
  if (only && candidates.length === 1) return { provider: only.provider, origin: `inferred from ${only.variable}` };
  if (!only) throw notConfigured(nothingConfiguredMessage());
  const model = layers.find((l) => l.model !== undefined)?.model;
  const hinted = candidates.filter((c) => model !== undefined && c.provider === providerOfModelName(model));
  if (hinted[0] && hinted.length === 1) return { provider: hinted[0].provider, origin: `inferred from ${hinted[0].variable} and the model name` };
  throw notConfigured(severalProvidersMessage(candidates));
}

function credentialedProviders(env: Env): Array<{ provider: AiProvider; variable: string }> {
  const found = aiProviders
    .filter((p) => providerFacts[p].keyRequired && nonEmpty(env[providerFacts[p].keyVariable]) !== undefined)
    .map((provider) => ({ provider, variable: providerFacts[provider].keyVariable }));
  if (nonEmpty(env.OLLAMA_HOST) !== undefined) found.push({ provider: 'openai-compatible', variable: 'OLLAMA_HOST' });
  return found;
}

function nothingConfiguredMessage(): string {
  return [
    'No AI model provider is configured. Set one of these environment variables:',
    '  OPENAI_API_KEY, ANTHROPIC_API_KEY or GOOGLE_GENERATIVE_AI_API_KEY (the provider is then inferred), or',
    '  OLLAMA_HOST (a local Ollama server) together with AUTODEVOPS_AI_MODEL (e.g. llama3.1);',
    `optionally AUTODEVOPS_AI_PROVIDER (${aiProviders.join(', ')}), AUTODEVOPS_AI_MODEL and AUTODEVOPS_AI_BASE_URL.`,
    'Or configure it in autodevops.yml:',
    '  ai:',
    '    provider: anthropic',
    '    model: claude-sonnet-4-5',
    '    api-key-env: ANTHROPIC_API_KEY',
  ].join('\n');
}

function severalProvidersMessage(candidates: Array<{ provider: AiProvider; variable: string }>): string {
  const variables = candidates.map((c) => c.variable).join(', ');
  const names = candidates.map((c) => c.provider).join(', ');
  return `Several AI providers have credentials (${variables}), so autodevops cannot guess which to use: set AUTODEVOPS_AI_PROVIDER to one of ${names}, or \`ai.provider\` in autodevops.yml, or the step's \`with: provider\`.`;
}

/** The provider's own base-URL variable, or OLLAMA_HOST for an OpenAI-compatible server. */
function environmentBaseUrl(provider: AiProvider, env: Env, origin: string): string | undefined {
  const variable = providerFacts[provider].baseUrlVariable;
  const own = variable === undefined ? undefined : nonEmpty(env[variable]);
  if (variable !== undefined && own !== undefined) return parseBaseUrl(own, variable);
  if (provider !== 'openai-compatible') return undefined;
  const ollama = nonEmpty(env.OLLAMA_HOST);
  if (ollama !== undefined) return ollamaBaseUrl(ollama);
  throw notConfigured(`The AI provider openai-compatible (${origin}) needs the server's base URL: set AUTODEVOPS_AI_BASE_URL (e.g. http://127.0.0.1:8000/v1), or OLLAMA_HOST for Ollama, or \`ai.base-url\` in autodevops.yml, or the step's \`with: base-url\`.`);
}

/** OLLAMA_HOST as Ollama reads it (`host`, `host:port`, `:port` or a URL; port 11434 when bare), plus `/v1`. */
function ollamaBaseUrl(host: string): string {
  const trimmed = host.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const withHost = trimmed.startsWith(':') ? `127.0.0.1${trimmed}` : trimmed;
  const base = parseBaseUrl(hasScheme ? withHost : `http://${withHost}`, 'OLLAMA_HOST');
  const url = new URL(base);
  if (!hasScheme && url.port === '') url.port = '11434';
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1`;
}

/**
 * The highest applicable model. A provider-less layer's model of another provider's family
 * (AUTODEVOPS_AI_MODEL=gpt-4.1 while a step asks for anthropic) is skipped for the hosted providers;
 * an OpenAI-compatible gateway may serve any family's names.
 */
function pickModel(applicable: Layer[], provider: AiProvider): string | undefined {
  const fits = (model: string): boolean => {
    const family = providerOfModelName(model);
    return provider === 'openai-compatible' || family === undefined || family === provider;
  };
  return applicable.find((l) => l.model !== undefined && (l.provider !== undefined || fits(l.model)))?.model;
}

function defaultModel(provider: AiProvider, origin: string): string {
  const model = providerFacts[provider].defaultModel;
  if (model !== undefined) return model;
  throw notConfigured(`The AI provider ${provider} (${origin}) has no default model: set AUTODEVOPS_AI_MODEL to a model the server serves (for Ollama e.g. llama3.1 or qwen2.5-coder), or \`ai.model\` in autodevops.yml, or the step's \`with: model\`.`);
}

/** The key from the configured variable, else the provider's conventional one. */
function resolveKey(provider: AiProvider, origin: string, configured: string | undefined, env: Env): Pick<ModelSettings, 'apiKey' | 'apiKeyVariable'> {
  const facts = providerFacts[provider];
  const variable = configured ?? facts.keyVariable;
  const apiKey = nonEmpty(env[variable]);
  if (apiKey !== undefined) return { apiKey, apiKeyVariable: variable };
  if (configured !== undefined) {
    throw notConfigured(`\`ai.api-key-env\` in autodevops.yml names ${configured}, but ${configured} is not set: set ${configured} to the ${provider} API key (for example from a secret), or change ai.api-key-env.`);
  }
  if (!facts.keyRequired) return {};
  throw notConfigured(`The AI provider ${provider} (${origin}) needs an API key: set ${facts.keyVariable}, or name the variable that holds it with \`ai: { api-key-env: <NAME> }\` in autodevops.yml.`);
}
