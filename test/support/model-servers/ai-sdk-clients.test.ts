/**
 * One suite, run against every real AI SDK client the project uses, proving the scripted servers
 * speak each wire protocol well enough for the clients to work unchanged, streaming and not.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, stepCountIs, streamText, tool, type LanguageModel } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAnthropicServer } from './anthropic-server.ts';
import { startOpenAiServer } from './openai-server.ts';
import type { ModelServer, ModelServerOptions, RecordedRequest, Script } from './script.ts';

interface Target {
  name: string;
  start(script: Script, options?: ModelServerOptions): Promise<ModelServer>;
  model(url: string): LanguageModel;
  /** The text of the tool result the client sent back, if the request carries one. */
  toolResult(body: RecordedRequest['body']): string | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON
type Wire = any;

const targets: Target[] = [
  {
    name: 'openai-compatible (chat completions)',
    start: startOpenAiServer,
    model: (url) => createOpenAICompatible({ name: 'scripted', baseURL: url, apiKey: 'sk-test', includeUsage: true }).chatModel('local-model'),
    toolResult: (body) => body.messages.find((m: Wire) => m.role === 'tool')?.content,
  },
  {
    name: 'openai (responses)',
    start: startOpenAiServer,
    model: (url) => createOpenAI({ baseURL: url, apiKey: 'sk-test' })('gpt-4o-mini'),
    toolResult: (body) => body.input.find((item: Wire) => item.type === 'function_call_output')?.output,
  },
  {
    name: 'openai (chat completions)',
    start: startOpenAiServer,
    model: (url) => createOpenAI({ baseURL: url, apiKey: 'sk-test' }).chat('gpt-4o-mini'),
    toolResult: (body) => body.messages.find((m: Wire) => m.role === 'tool')?.content,
  },
  {
    name: 'anthropic (messages)',
    start: startAnthropicServer,
    model: (url) => createAnthropic({ baseURL: url, apiKey: 'sk-ant-test' })('claude-sonnet-4-5'),
    toolResult: (body) => body.messages.flatMap((m: Wire) => (Array.isArray(m.content) ? m.content : []))
      .find((block: Wire) => block.type === 'tool_result')?.content,
  },
];

const weatherTools = {
  weather: tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string(), days: z.number() }),
  }),
};

describe.each(targets)('$name against the scripted server', (target) => {
  let server: ModelServer | undefined;
  afterEach(async () => server?.close());
  const start = async (script: Script, options?: ModelServerOptions) => {
    server = await target.start(script, options);
    return { server, model: target.model(server.url) };
  };

  it('answers with text (non-streaming) and records the request', async () => {
    const { server, model } = await start([{ text: 'Hello from the script.' }]);
    const result = await generateText({ model, prompt: 'Say hello', maxRetries: 0 });
    expect(result.text).toBe('Hello from the script.');
    expect(result.finishReason).toBe('stop');
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0]!.body)).toContain('Say hello');
  });

  it('streams text in several parts', async () => {
    const { model } = await start([{ text: 'Streaming arrives in pieces.' }], { chunkDelayMs: 2 });
    const result = streamText({ model, prompt: 'Stream please', maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe('Streaming arrives in pieces.');
    expect(await result.finishReason).toBe('stop');
  });

  it('reports the scripted usage, streaming and not', async () => {
    const { model } = await start([
      { text: 'counted', usage: { prompt: 11, completion: 7 } },
      { text: 'counted', usage: { prompt: 13, completion: 5 } },
    ]);
    const generated = await generateText({ model, prompt: 'count', maxRetries: 0 });
    expect(generated.usage).toMatchObject({ inputTokens: 11, outputTokens: 7, totalTokens: 18 });
    const streamed = streamText({ model, prompt: 'count', maxRetries: 0 });
    expect(await streamed.usage).toMatchObject({ inputTokens: 13, outputTokens: 5, totalTokens: 18 });
  });

  it('reports a length finish', async () => {
    const { model } = await start([{ text: 'cut sh', finishReason: 'length' }, { text: 'cut sh', finishReason: 'length' }]);
    expect((await generateText({ model, prompt: 'long', maxRetries: 0 })).finishReason).toBe('length');
    expect(await streamText({ model, prompt: 'long', maxRetries: 0 }).finishReason).toBe('length');
  });

  it('defaults usage to an estimate from the text', async () => {
    const { model } = await start([{ text: 'x'.repeat(40) }]);
    const result = await generateText({ model, prompt: 'estimate', maxRetries: 0 });
    expect(result.usage.outputTokens).toBe(10);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('makes a tool call whose arguments the SDK parses (non-streaming)', async () => {
    const { server, model } = await start([{ toolCalls: [{ id: 'call_w1', name: 'weather', arguments: { city: 'Oslo', days: 3 } }] }]);
    const result = await generateText({ model, prompt: 'weather?', tools: weatherTools, maxRetries: 0 });
    expect(result.finishReason).toBe('tool-calls');
    expect(result.toolCalls).toMatchObject([{ toolCallId: 'call_w1', toolName: 'weather', input: { city: 'Oslo', days: 3 } }]);
    expect(JSON.stringify(server.requests[0]!.body)).toContain('weather');
  });

  it('streams a tool call whose argument fragments the SDK reassembles', async () => {
    const { model } = await start([{ text: 'Checking.', toolCalls: [{ name: 'weather', arguments: { city: 'Bergen, Norway', days: 10 } }] }]);
    const result = streamText({ model, prompt: 'weather?', tools: weatherTools, maxRetries: 0 });
    const deltas = [];
    for await (const part of result.fullStream) if (part.type === 'tool-input-delta') deltas.push(part.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Bergen, Norway', days: 10 } }]);
    expect(await result.text).toBe('Checking.');
  });

  it.each([false, true])('runs a multi-step tool loop (streaming: %s) and sends the tool result back', async (streaming) => {
    const script: Script = (request) => {
      const result = target.toolResult(request.body);
      return result === undefined
        ? { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo', days: 1 } }] }
        : { text: `The tool said: ${result}` };
    };
    const { server, model } = await start(script);
    const tools = { weather: tool({ ...weatherTools.weather, execute: async ({ city }) => `sunny in ${city}` }) };
    const options = { model, prompt: 'weather?', tools, stopWhen: stepCountIs(3), maxRetries: 0 };
    const text = streaming ? await streamText(options).text : (await generateText(options)).text;
    expect(server.requests).toHaveLength(2);
    expect(target.toolResult(server.requests[1]!.body)).toContain('sunny in Oslo');
    expect(text).toContain('sunny in Oslo');
  });

  it('surfaces an error status as APICallError with status and headers', async () => {
    const { model } = await start([{ status: 429, headers: { 'retry-after': '7' }, body: 'Slow down, script says.' }]);
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(429);
    expect(apiError.responseHeaders?.['retry-after']).toBe('7');
    expect(apiError.message).toContain('Slow down, script says.');
    expect(apiError.isRetryable).toBe(true);
  });

  it('surfaces an error status in a stream as APICallError', async () => {
    const { model } = await start([{ status: 503 }]);
    const reported: unknown[] = [];
    const result = streamText({ model, prompt: 'hi', maxRetries: 0, onError: ({ error }) => void reported.push(error) });
    const errors: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === 'error') errors.push(part.error);
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as APICallError).statusCode).toBe(503);
    expect(reported).toEqual(errors);
  });

  it('names the unanswered request when the script runs out', async () => {
    const { model } = await start([{ text: 'only one' }]);
    await generateText({ model, prompt: 'first', maxRetries: 0 });
    const error = await generateText({ model, prompt: 'second', maxRetries: 0 }).catch((e: unknown) => e);
    expect((error as APICallError).statusCode).toBe(500);
    expect((error as APICallError).message).toMatch(/script exhausted: request #1/);
  });

  it('hangs until the client gives up', async () => {
    const { server, model } = await start([{ hang: true }]);
    const error = await generateText({ model, prompt: 'wait', maxRetries: 0, abortSignal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(1);
  });
});
