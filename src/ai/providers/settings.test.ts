import { describe, expect, it } from 'vitest';
import { isAutodevopsError, type AutodevopsError } from '../../core/errors.ts';
import { parseAiConfig, type AiConfig } from './ai-config.ts';
import { resolveModelSettings, type ModelSettingsSources } from './settings.ts';

function failure(sources: ModelSettingsSources): AutodevopsError {
  try {
    resolveModelSettings(sources);
  } catch (e) {
    if (isAutodevopsError(e)) return e;
    throw e;
  }
  throw new Error('expected resolveModelSettings to fail');
}

describe('resolveModelSettings: one source', () => {
  it('infers the provider from the only key set and uses its documented default model', () => {
    expect(resolveModelSettings({ env: { ANTHROPIC_API_KEY: 'sk-ant-1' } })).toEqual({
      provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'sk-ant-1', apiKeyVariable: 'ANTHROPIC_API_KEY', maxRetries: 3, timeoutMs: 300_000,
    });
    expect(resolveModelSettings({ env: { OPENAI_API_KEY: 'sk-1' } })).toMatchObject({ provider: 'openai', model: 'gpt-5', apiKeyVariable: 'OPENAI_API_KEY' });
    expect(resolveModelSettings({ env: { GOOGLE_GENERATIVE_AI_API_KEY: 'g-1' } })).toMatchObject({ provider: 'google', model: 'gemini-2.5-pro' });
  });

  it('reads provider, model and base URL from AUTODEVOPS_AI_* variables', () => {
    const settings = resolveModelSettings({
      env: { AUTODEVOPS_AI_PROVIDER: 'OpenAI', AUTODEVOPS_AI_MODEL: ' gpt-4.1-mini ', AUTODEVOPS_AI_BASE_URL: 'https://proxy.example.com/v1/', OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk-2' },
    });
    expect(settings).toMatchObject({ provider: 'openai', model: 'gpt-4.1-mini', baseUrl: 'https://proxy.example.com/v1', apiKey: 'sk-1' });
  });

  it("honours the provider's own base-URL variable", () => {
    expect(resolveModelSettings({ env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://gw.internal:8080/v1' } }).baseUrl).toBe('http://gw.internal:8080/v1');
    expect(resolveModelSettings({ env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://gw.example.com/anthropic/v1' } }).baseUrl).toBe('https://gw.example.com/anthropic/v1');
  });

  it('turns OLLAMA_HOST into an OpenAI-compatible endpoint at <host>/v1 that needs no key', () => {
    const resolve = (host: string) => resolveModelSettings({ env: { OLLAMA_HOST: host, AUTODEVOPS_AI_MODEL: 'llama3.1' } });
    expect(resolve('127.0.0.1:11434')).toEqual({ provider: 'openai-compatible', model: 'llama3.1', baseUrl: 'http://127.0.0.1:11434/v1', maxRetries: 3, timeoutMs: 300_000 });
    expect(resolve('gpu-box').baseUrl).toBe('http://gpu-box:11434/v1');
    expect(resolve(':9999').baseUrl).toBe('http://127.0.0.1:9999/v1');
    expect(resolve('https://ollama.example.com/').baseUrl).toBe('https://ollama.example.com/v1');
  });

  it('uses an OpenAI-compatible key when AUTODEVOPS_AI_API_KEY is set', () => {
    const settings = resolveModelSettings({ env: { AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: 'https://api.together.xyz/v1', AUTODEVOPS_AI_MODEL: 'm', AUTODEVOPS_AI_API_KEY: 'tg-1' } });
    expect(settings).toMatchObject({ apiKey: 'tg-1', apiKeyVariable: 'AUTODEVOPS_AI_API_KEY' });
  });

  it('reads the whole ai: section of autodevops.yml, key through api-key-env', () => {
    const config = parseAiConfig({ provider: 'anthropic', model: 'claude-opus-4-5', 'base-url': 'https://gw.example.com/v1', 'api-key-env': 'TEAM_CLAUDE_KEY', 'max-retries': 5, 'timeout-seconds': 90, headers: { 'x-team': 'infra' } }, 'autodevops.yml');
    expect(resolveModelSettings({ env: { TEAM_CLAUDE_KEY: 'sk-team' }, config })).toEqual({
      provider: 'anthropic', model: 'claude-opus-4-5', baseUrl: 'https://gw.example.com/v1', apiKey: 'sk-team', apiKeyVariable: 'TEAM_CLAUDE_KEY',
      headers: { 'x-team': 'infra' }, maxRetries: 5, timeoutMs: 90_000,
    });
  });

  it('infers the provider from the model name when several keys are set', () => {
    const env = { OPENAI_API_KEY: 'a', ANTHROPIC_API_KEY: 'b', AUTODEVOPS_AI_MODEL: 'claude-haiku-4-5' };
    expect(resolveModelSettings({ env })).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', apiKey: 'b' });
  });
});

describe('resolveModelSettings: precedence', () => {
  const env = { OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a', AUTODEVOPS_AI_PROVIDER: 'openai', AUTODEVOPS_AI_MODEL: 'gpt-4o' };

  it('step with: beats the config file, which beats the environment', () => {
    const config: AiConfig = { provider: 'openai', model: 'gpt-4.1' };
    expect(resolveModelSettings({ env }).model).toBe('gpt-4o');
    expect(resolveModelSettings({ env, config }).model).toBe('gpt-4.1');
    expect(resolveModelSettings({ env, config, step: { model: 'o4-mini' } }).model).toBe('o4-mini');
    expect(resolveModelSettings({ env, config, step: { model: '' } }).model).toBe('gpt-4.1');
  });

  it('a step choosing another provider gets that provider\'s default model, key and endpoint, not the lower layers\'', () => {
    const config: AiConfig = { provider: 'openai', model: 'gpt-4.1', 'base-url': 'https://openai-proxy.example.com/v1' };
    const settings = resolveModelSettings({ env, config, step: { provider: 'anthropic' } });
    expect(settings).toEqual({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'sk-a', apiKeyVariable: 'ANTHROPIC_API_KEY', maxRetries: 3, timeoutMs: 300_000 });
  });

  it('skips a provider-less model of another family for a hosted provider, keeps it for a compatible gateway', () => {
    const noProvider = { OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a', AUTODEVOPS_AI_MODEL: 'gpt-4o' };
    expect(resolveModelSettings({ env: noProvider, step: { provider: 'anthropic' } }).model).toBe('claude-sonnet-4-5');
    const gateway = resolveModelSettings({ env: { AUTODEVOPS_AI_MODEL: 'claude-sonnet-4-5', AUTODEVOPS_AI_BASE_URL: 'http://127.0.0.1:4000/v1' }, step: { provider: 'openai-compatible' } });
    expect(gateway).toMatchObject({ provider: 'openai-compatible', model: 'claude-sonnet-4-5', baseUrl: 'http://127.0.0.1:4000/v1' });
  });

  it('a step base-url wins over the config and the environment', () => {
    const settings = resolveModelSettings({ env: { ...env, OPENAI_BASE_URL: 'https://a.example.com/v1' }, config: { 'base-url': 'https://b.example.com/v1' }, step: { 'base-url': 'https://c.example.com/v1' } });
    expect(settings.baseUrl).toBe('https://c.example.com/v1');
  });
});

describe('resolveModelSettings: errors say exactly what to set', () => {
  it('nothing configured: names every variable and the autodevops.yml alternative', () => {
    const error = failure({ env: {} });
    expect(error.code).toBe('ADO_AI_NOT_CONFIGURED');
    expect(error.message).toBe([
      'No AI model provider is configured. Set one of these environment variables:',
      '  OPENAI_API_KEY, ANTHROPIC_API_KEY or GOOGLE_GENERATIVE_AI_API_KEY (the provider is then inferred), or',
      '  OLLAMA_HOST (a local Ollama server) together with AUTODEVOPS_AI_MODEL (e.g. llama3.1);',
      'optionally AUTODEVOPS_AI_PROVIDER (openai, anthropic, google, openai-compatible), AUTODEVOPS_AI_MODEL and AUTODEVOPS_AI_BASE_URL.',
      'Or configure it in autodevops.yml:',
      '  ai:',
      '    provider: anthropic',
      '    model: claude-sonnet-4-5',
      '    api-key-env: ANTHROPIC_API_KEY',
    ].join('\n'));
    expect(failure({ env: { OPENAI_API_KEY: '  ' } }).message).toMatch(/^No AI model provider is configured/);
  });

  it('a provider without its key names the key variable and api-key-env', () => {
    expect(failure({ env: { AUTODEVOPS_AI_PROVIDER: 'google' } }).message).toBe(
      'The AI provider google (from AUTODEVOPS_AI_PROVIDER) needs an API key: set GOOGLE_GENERATIVE_AI_API_KEY, or name the variable that holds it with `ai: { api-key-env: <NAME> }` in autodevops.yml.',
    );
    expect(failure({ env: { OPENAI_API_KEY: 'k' }, step: { provider: 'anthropic' } }).message).toContain("anthropic (from the step's `with: provider`) needs an API key: set ANTHROPIC_API_KEY");
  });

  it('api-key-env naming an unset variable says so', () => {
    const error = failure({ env: { OPENAI_API_KEY: 'k' }, config: { provider: 'openai', 'api-key-env': 'TEAM_KEY' } });
    expect(error.message).toBe('`ai.api-key-env` in autodevops.yml names TEAM_KEY, but TEAM_KEY is not set: set TEAM_KEY to the openai API key (for example from a secret), or change ai.api-key-env.');
  });

  it('several keys and no provider: asks to choose', () => {
    expect(failure({ env: { OPENAI_API_KEY: 'a', GOOGLE_GENERATIVE_AI_API_KEY: 'b', OLLAMA_HOST: 'localhost' } }).message).toBe(
      'Several AI providers have credentials (OPENAI_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, OLLAMA_HOST), so autodevops cannot guess which to use: set AUTODEVOPS_AI_PROVIDER to one of openai, google, openai-compatible, or `ai.provider` in autodevops.yml, or the step\'s `with: provider`.',
    );
  });

  it('an OpenAI-compatible endpoint without a model or without a base URL', () => {
    expect(failure({ env: { OLLAMA_HOST: 'localhost' } }).message).toBe(
      'The AI provider openai-compatible (inferred from OLLAMA_HOST) has no default model: set AUTODEVOPS_AI_MODEL to a model the server serves (for Ollama e.g. llama3.1 or qwen2.5-coder), or `ai.model` in autodevops.yml, or the step\'s `with: model`.',
    );
    expect(failure({ env: {}, config: { provider: 'openai-compatible', model: 'm' } }).message).toBe(
      'The AI provider openai-compatible (from `ai.provider` in autodevops.yml) needs the server\'s base URL: set AUTODEVOPS_AI_BASE_URL (e.g. http://127.0.0.1:8000/v1), or OLLAMA_HOST for Ollama, or `ai.base-url` in autodevops.yml, or the step\'s `with: base-url`.',
    );
  });

  it('an unknown provider names the field it came from', () => {
    const known = 'which is not a provider autodevops knows; use one of openai, anthropic, google, openai-compatible.';
    expect(failure({ env: { AUTODEVOPS_AI_PROVIDER: 'mistral' } }).message).toBe(`AUTODEVOPS_AI_PROVIDER is "mistral", ${known}`);
    expect(failure({ env: {}, step: { provider: 'azure' } }).message).toBe(`the step's \`with: provider\` is "azure", ${known}`);
    expect(failure({ env: {}, config: { provider: 'bedrock' } as unknown as AiConfig }).message).toBe(`\`ai.provider\` in autodevops.yml is "bedrock", ${known}`);
  });

  it('an invalid base URL names the field without echoing the value', () => {
    const env = { OPENAI_API_KEY: 'k' };
    const bad = failure({ env, step: { 'base-url': 'not a url?token=secret' } });
    expect(bad.code).toBe('ADO_AI_NOT_CONFIGURED');
    expect(bad.message).toBe("the step's `with: base-url` is not a valid URL; write it in full, e.g. https://llm.example.com/v1.");
    expect(failure({ env: { ...env, AUTODEVOPS_AI_BASE_URL: 'ftp://files.example.com' } }).message).toBe('AUTODEVOPS_AI_BASE_URL must be an http:// or https:// URL, not ftp://…');
    expect(failure({ env: { ...env, OPENAI_BASE_URL: 'nope' } }).message).toContain('OPENAI_BASE_URL is not a valid URL');
    expect(failure({ env: { OLLAMA_HOST: 'http://[bad', AUTODEVOPS_AI_MODEL: 'm' } }).message).toContain('OLLAMA_HOST is not a valid URL');
  });

  it('a step input that is not text', () => {
    expect(failure({ env: { OPENAI_API_KEY: 'k' }, step: { model: 42 } }).message).toBe("the step's `with: model` must be text, not number.");
    expect(failure({ env: { OPENAI_API_KEY: 'k' }, step: { provider: ['openai'] } }).message).toBe("the step's `with: provider` must be text, not a list.");
  });
});

describe('parseAiConfig', () => {
  it('accepts an empty or missing section', () => {
    expect(parseAiConfig(undefined, 'autodevops.yml')).toEqual({});
    expect(parseAiConfig({ prices: './prices.json' }, 'autodevops.yml')).toEqual({ prices: './prices.json' });
  });

  it('rejects bad fields with ADO_CONFIG_INVALID naming each', () => {
    const error = (value: unknown): AutodevopsError => {
      try {
        parseAiConfig(value, '/repo/autodevops.yml');
      } catch (e) {
        return e as AutodevopsError;
      }
      throw new Error('expected a failure');
    };
    expect(error({ provider: 'bedrock' })).toMatchObject({ code: 'ADO_CONFIG_INVALID', message: '/repo/autodevops.yml: ai.provider: expected one of openai, anthropic, google, openai-compatible' });
    expect(error({ 'base-url': 'ftp://x' }).message).toBe('/repo/autodevops.yml: ai.base-url: expected an http:// or https:// URL');
    expect(error({ 'api-key-env': 'sk-proj-abc123' }).message).toBe('/repo/autodevops.yml: ai.api-key-env: expected the NAME of an environment variable in capitals (e.g. OPENAI_API_KEY), never the key itself');
    expect(error({ 'max-retries': 2.5, 'timeout-seconds': 0 }).message).toMatch(/ai\.max-retries: .*; ai\.timeout-seconds: /);
    expect(error({ apikey: 'x' }).message).toMatch(/^\/repo\/autodevops.yml: ai: .*apikey/);
  });
});
