import { generateText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { isAutodevopsError, type AutodevopsError } from '../../core/errors.ts';
import { StepFailure } from '../../core/failure.ts';
import { createLanguageModel } from './language-model.ts';
import { callWithRetry, type RetryInfo, type RetryOptions } from './retry.ts';
import type { ModelSettings } from './settings.ts';
import { startProviderServer, type ProviderServer, type Reply } from './testing/provider-server.ts';

let server: ProviderServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const paths = { openai: '/v1', anthropic: '/v1', 'openai-compatible': '/v1', google: '/v1beta' } as const;
/** Known model names, so the SDKs apply their real per-model settings. */
const models = { openai: 'gpt-4.1', anthropic: 'claude-sonnet-4-5', 'openai-compatible': 'test-model', google: 'gemini-2.5-flash' } as const;

async function modelOn(script: Reply[] | ((r: unknown, i: number) => Reply), provider: ModelSettings['provider'] = 'openai-compatible') {
  server = await startProviderServer(script);
  return createLanguageModel({ provider, model: models[provider], baseUrl: `${server.origin}${paths[provider]}`, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 10_000 });
}

/** A sleep that returns at once and remembers what it was asked to wait. */
function recordingSleep(): { sleep: RetryOptions['sleep']; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

async function rejection(promise: Promise<unknown>): Promise<AutodevopsError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isAutodevopsError(error)) throw new Error(`expected an AutodevopsError, got ${String(error)}`);
  return error;
}

describe('callWithRetry against a real SDK call', () => {
  it.each(['openai-compatible', 'openai', 'anthropic', 'google'] as const)('%s: 429 with Retry-After, then 200: waits exactly as asked', async (provider) => {
    const model = await modelOn([{ status: 429, message: 'slow down', headers: { 'retry-after': '2' } }, { text: 'done' }], provider);
    const { sleep, delays } = recordingSleep();
    const retries: RetryInfo[] = [];
    const result = await callWithRetry((attempt) => generateText({ model, prompt: `try ${attempt}`, maxRetries: 0 }), { maxRetries: 3, sleep, onRetry: (info) => retries.push(info) });
    expect(result.text).toBe('done');
    expect(delays).toEqual([2000]);
    expect(retries).toEqual([{ attempt: 1, delayMs: 2000, reason: 'HTTP 429' }]);
    expect(server!.requests).toHaveLength(2);
  });

  it('honours retry-after-ms and an HTTP-date Retry-After, capped by maxDelayMs', async () => {
    const later = new Date(Date.now() + 3_000).toUTCString();
    const model = await modelOn([
      { status: 503, headers: { 'retry-after-ms': '1500' } },
      { status: 429, headers: { 'retry-after': later } },
      { status: 429, headers: { 'retry-after': '120' } },
      { text: 'ok' },
    ]);
    const { sleep, delays } = recordingSleep();
    await callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 3, sleep, maxDelayMs: 30_000 });
    expect(delays[0]).toBe(1500);
    expect(delays[1]).toBeGreaterThan(1000);
    expect(delays[1]).toBeLessThanOrEqual(3000);
    expect(delays[2]).toBe(30_000);
  });

  it('503 on every attempt: ADO_AI_PROVIDER naming the attempts and the last status, with jittered exponential waits', async () => {
    const model = await modelOn(() => ({ status: 503, message: 'The server is overloaded' }));
    const { sleep, delays } = recordingSleep();
    const error = await rejection(callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 3, sleep, random: () => 0.5, baseDelayMs: 100, provider: 'local' }));
    expect(error.code).toBe('ADO_AI_PROVIDER');
    expect(error.message).toBe('The model provider local kept failing: 4 attempts, the last one HTTP 503: The server is overloaded');
    expect(server!.requests).toHaveLength(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('401: ADO_AI_AUTH after exactly one request, naming the provider and the key variable', async () => {
    const model = await modelOn([{ status: 401, message: 'Incorrect API key provided: sk-te***test.' }], 'anthropic');
    const error = await rejection(callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 5, provider: 'anthropic', apiKeyVariable: 'ANTHROPIC_API_KEY' }));
    expect(error.code).toBe('ADO_AI_AUTH');
    expect(error.message).toBe('The model provider anthropic refused the credentials (HTTP 401: Incorrect API key provided: sk-te***test.). Check ANTHROPIC_API_KEY: the key may be wrong, expired, or without access to this model.');
    expect(server!.requests).toHaveLength(1);
  });

  it('403 without a key variable says how to send one', async () => {
    const model = await modelOn([{ status: 403, message: 'forbidden' }]);
    const error = await rejection(callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 2 }));
    expect(error.code).toBe('ADO_AI_AUTH');
    expect(error.message).toContain('The model provider refused the credentials (HTTP 403: forbidden). No API key was sent: set AUTODEVOPS_AI_API_KEY');
  });

  it('another 4xx fails at once as ADO_AI_PROVIDER with the provider\'s message', async () => {
    const model = await modelOn([{ status: 400, message: 'model "gpt-4.1" does not exist' }], 'openai');
    const error = await rejection(callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 5, provider: 'openai' }));
    expect(error).toMatchObject({ code: 'ADO_AI_PROVIDER', message: 'The model provider openai rejected the request (HTTP 400): model "gpt-4.1" does not exist' });
    expect(error.hint).toContain('Retrying will not help');
    expect(server!.requests).toHaveLength(1);
  });

  it('a dropped connection is retried', async () => {
    const model = await modelOn([{ reset: true }, { text: 'recovered' }]);
    const retries: RetryInfo[] = [];
    const result = await callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 2, sleep: recordingSleep().sleep, onRetry: (i) => retries.push(i) });
    expect(result.text).toBe('recovered');
    expect(retries[0]!.reason).toMatch(/^network error/);
  });

  it('a per-attempt timeout is retried; the next attempt succeeds', async () => {
    const model = await modelOn([{ hang: true }, { text: 'in time' }]);
    const retries: RetryInfo[] = [];
    const result = await callWithRetry(
      () => generateText({ model, prompt: 'x', maxRetries: 0, abortSignal: AbortSignal.timeout(200) }),
      { maxRetries: 1, sleep: recordingSleep().sleep, onRetry: (i) => retries.push(i) },
    );
    expect(result.text).toBe('in time');
    expect(retries.map((r) => r.reason)).toEqual(['timeout']);
  });

  it('a refused connection exhausts the retries as ADO_AI_PROVIDER', async () => {
    const closed = await startProviderServer([]);
    const baseUrl = `${closed.origin}/v1`;
    await closed.close();
    const model = createLanguageModel({ provider: 'openai-compatible', model: 'm', baseUrl, maxRetries: 0, timeoutMs: 1000 });
    const error = await rejection(callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), { maxRetries: 1, sleep: recordingSleep().sleep }));
    expect(error.code).toBe('ADO_AI_PROVIDER');
    expect(error.message).toMatch(/^The model provider kept failing: 2 attempts, the last one network error ECONNREFUSED: /);
  });
});

describe('callWithRetry cancellation', () => {
  it('an abort during the backoff stops waiting at once and throws the signal\'s reason', async () => {
    const model = await modelOn(() => ({ status: 503, headers: { 'retry-after': '30' } }));
    const controller = new AbortController();
    const started = Date.now();
    const call = callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0 }), {
      maxRetries: 3,
      signal: controller.signal,
      onRetry: () => setTimeout(() => controller.abort(new StepFailure('cancelled', 'The run was cancelled')), 50),
    });
    await expect(call).rejects.toMatchObject({ name: 'StepFailure', kind: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server!.requests).toHaveLength(1);
  });

  it('an injected sleep that ignores the signal cannot hold a cancelled call', async () => {
    const controller = new AbortController();
    const never = () => new Promise<void>(() => undefined);
    const call = callWithRetry(async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    }, { maxRetries: 2, signal: controller.signal, sleep: never, onRetry: () => queueMicrotask(() => controller.abort(new Error('stop'))) });
    await expect(call).rejects.toThrow('stop');
  });

  it('an abort during the request throws the reason, not the SDK\'s AbortError', async () => {
    const model = await modelOn([{ hang: true }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new StepFailure('timeout', 'The step exceeded its timeout')), 100);
    const call = callWithRetry(() => generateText({ model, prompt: 'x', maxRetries: 0, abortSignal: controller.signal }), { maxRetries: 3, signal: controller.signal });
    await expect(call).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('an already-aborted signal never calls the model', async () => {
    let calls = 0;
    const call = callWithRetry(async () => ++calls, { maxRetries: 1, signal: AbortSignal.abort(new Error('gone')) });
    await expect(call).rejects.toThrow('gone');
    expect(calls).toBe(0);
  });
});

describe('callWithRetry without a provider failure', () => {
  it('rethrows unknown errors unchanged after one attempt', async () => {
    const bug = new RangeError('bug in the caller');
    let calls = 0;
    await expect(callWithRetry(async () => {
      calls++;
      throw bug;
    }, { maxRetries: 3 })).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it('passes the attempt number and returns the first success', async () => {
    const seen: number[] = [];
    const result = await callWithRetry(async (attempt) => {
      seen.push(attempt);
      if (attempt < 3) throw new DOMException('slow', 'TimeoutError');
      return 'third time';
    }, { maxRetries: 5, random: () => 0.999, baseDelayMs: 10 });
    expect(result).toBe('third time');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('maxRetries 0 makes a single attempt and reports it', async () => {
    const error = await rejection(callWithRetry(async () => {
      throw new DOMException('slow', 'TimeoutError');
    }, { maxRetries: 0 }));
    expect(error.message).toBe('The model provider kept failing: 1 attempt, the last one timeout: slow');
  });
});
