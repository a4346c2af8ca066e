import { generateText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../../core/errors.ts';
import { createLanguageModel, providerLabel } from './language-model.ts';
import { resolveModelSettings, type ModelSettings } from './settings.ts';
import { startProviderServer, type ProviderServer } from './testing/provider-server.ts';

let server: ProviderServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function settings(overrides: Partial<ModelSettings> & Pick<ModelSettings, 'provider' | 'model'>): ModelSettings {
  return { maxRetries: 0, timeoutMs: 10_000, ...overrides };
}

async function ask(model: ModelSettings): Promise<{ text: string; prompt: number | undefined; completion: number | undefined }> {
  const result = await generateText({ model: createLanguageModel(model), prompt: 'Say hi', maxRetries: 0 });
  return { text: result.text, prompt: result.usage.inputTokens, completion: result.usage.outputTokens };
}

describe('createLanguageModel talks to each provider over real HTTP', () => {
  it('openai: POST /v1/responses with a Bearer key and the extra headers', async () => {
    server = await startProviderServer([{ text: 'hello from openai', usage: { prompt: 12, completion: 3 } }]);
    const answer = await ask(settings({ provider: 'openai', model: 'gpt-4.1', baseUrl: `${server.origin}/v1`, apiKey: 'sk-test-openai', headers: { 'x-team': 'infra' } }));
    expect(answer).toEqual({ text: 'hello from openai', prompt: 12, completion: 3 });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/responses', body: { model: 'gpt-4.1' } });
    expect(request!.headers).toMatchObject({ authorization: 'Bearer sk-test-openai', 'x-team': 'infra' });
  });

  it('anthropic: POST /v1/messages with x-api-key and anthropic-version', async () => {
    server = await startProviderServer([{ text: 'hello from claude' }]);
    const answer = await ask(settings({ provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: `${server.origin}/v1`, apiKey: 'sk-ant-test' }));
    expect(answer.text).toBe('hello from claude');
    const [request] = server.requests;
    expect(request).toMatchObject({ path: '/v1/messages', body: { model: 'claude-sonnet-4-5' } });
    expect(request!.headers['x-api-key']).toBe('sk-ant-test');
    expect(request!.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('google: POST /v1beta/models/<model>:generateContent with x-goog-api-key', async () => {
    server = await startProviderServer([{ text: 'hello from gemini', usage: { prompt: 5, completion: 2 } }]);
    const answer = await ask(settings({ provider: 'google', model: 'gemini-2.5-flash', baseUrl: `${server.origin}/v1beta`, apiKey: 'g-test' }));
    expect(answer).toEqual({ text: 'hello from gemini', prompt: 5, completion: 2 });
    expect(server.requests[0]).toMatchObject({ path: '/v1beta/models/gemini-2.5-flash:generateContent' });
    expect(server.requests[0]!.headers['x-goog-api-key']).toBe('g-test');
  });

  it('openai-compatible: POST /v1/chat/completions with the key when there is one', async () => {
    server = await startProviderServer([{ text: 'hello from vllm' }]);
    const answer = await ask(settings({ provider: 'openai-compatible', model: 'qwen2.5-coder', baseUrl: `${server.origin}/v1`, apiKey: 'tg-key' }));
    expect(answer.text).toBe('hello from vllm');
    expect(server.requests[0]).toMatchObject({ path: '/v1/chat/completions', body: { model: 'qwen2.5-coder' } });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer tg-key');
  });

  it('an Ollama endpoint resolved from OLLAMA_HOST is called without any key', async () => {
    server = await startProviderServer([{ text: 'hello from ollama' }]);
    const resolved = resolveModelSettings({ env: { OLLAMA_HOST: server.origin, AUTODEVOPS_AI_MODEL: 'llama3.1:8b' } });
    expect((await ask(resolved)).text).toBe('hello from ollama');
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('hand-built OpenAI-compatible settings without a base URL are refused', () => {
    try {
      createLanguageModel(settings({ provider: 'openai-compatible', model: 'm' }));
      expect.unreachable();
    } catch (e) {
      expect(isAutodevopsError(e) && e.code).toBe('ADO_AI_NOT_CONFIGURED');
    }
  });

  it('builds models for the official endpoints without any network call', () => {
    for (const provider of ['openai', 'anthropic', 'google'] as const) {
      const model = createLanguageModel(settings({ provider, model: 'x', apiKey: 'k' }));
      expect(typeof model === 'object' && model.modelId).toBe('x');
    }
  });
});

describe('providerLabel', () => {
  it('names hosted providers by name and compatible endpoints by what they are', () => {
    expect(providerLabel({ provider: 'anthropic' })).toBe('anthropic');
    expect(providerLabel({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1' })).toBe('openai');
    expect(providerLabel({ provider: 'openai-compatible', baseUrl: 'http://gpu-box:11434/v1' })).toBe('ollama');
    expect(providerLabel({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1' })).toBe('local');
    expect(providerLabel({ provider: 'openai-compatible', baseUrl: 'http://localhost:8080/v1' })).toBe('local');
    expect(providerLabel({ provider: 'openai-compatible', baseUrl: 'http://[::1]:8080/v1' })).toBe('local');
    expect(providerLabel({ provider: 'openai-compatible', baseUrl: 'https://api.together.xyz/v1' })).toBe('api.together.xyz');
    expect(providerLabel({ provider: 'openai-compatible' })).toBe('openai-compatible');
  });
});
