/** Wire-level checks of the scripted OpenAI server: the exact frames, error shapes and request checks. */
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAiServer } from './openai-server.ts';
import type { ModelServer, ModelServerOptions, Script } from './script.ts';
import { post } from './wire-client.ts';

let server: ModelServer | undefined;
afterEach(async () => server?.close());

async function start(script: Script, options?: ModelServerOptions): Promise<ModelServer> {
  server = await startOpenAiServer(script, options);
  return server;
}

const chat = (extra: Record<string, unknown> = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });
const responses = (extra: Record<string, unknown> = {}) => ({ model: 'm', input: [{ role: 'user', content: 'hi' }], ...extra });
const call = { id: 'call_1', name: 'lookup', arguments: { query: 'durable workflows' } };

describe('chat completions on the wire', () => {
  it('streams role, content, tool-call deltas, finish, usage and [DONE] like OpenAI', async () => {
    const { url } = await start([{ text: 'Hello there', toolCalls: [call], usage: { prompt: 3, completion: 4 } }]);
    const { headers, events } = await post(`${url}/chat/completions`, chat({ stream: true, stream_options: { include_usage: true } }));
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'm')).toBe(true);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    const content = chunks.map((c) => c.choices[0]?.delta.content).filter((t) => t);
    expect(content.length).toBeGreaterThan(1);
    expect(content.join('')).toBe('Hello there');
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } });
    expect(toolDeltas.length).toBeGreaterThan(2);
    expect(JSON.parse(toolDeltas.map((d) => d.function.arguments).join(''))).toEqual(call.arguments);
    expect(chunks.at(-2).choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } });
  });

  it('sends no usage chunk unless include_usage is asked for', async () => {
    const { url } = await start([{ text: 'no usage' }]);
    const { events } = await post(`${url}/chat/completions`, chat({ stream: true }));
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
  });

  it('answers a chat.completion object with null content for a pure tool call', async () => {
    const { url } = await start([{ toolCalls: [{ name: 'lookup', arguments: '{"broken' }], usage: { prompt: 1, completion: 2 } }]);
    const body = (await post(`${url}/chat/completions`, chat())).json();
    expect(body).toMatchObject({ object: 'chat.completion', model: 'm', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    expect(body.choices[0].message.content).toBeNull();
    expect(body.choices[0].message.tool_calls[0]).toMatchObject({ type: 'function', id: expect.stringMatching(/^call_/), function: { name: 'lookup', arguments: '{"broken' } });
  });
});

describe('responses on the wire', () => {
  it('streams typed events with matching event: names and rising sequence numbers', async () => {
    const { url } = await start([{ text: 'Hi you', toolCalls: [call] }]);
    const { events } = await post(`${url}/responses`, responses({ stream: true }));
    const data = events.map((e) => JSON.parse(e.data));
    expect(events.every((e, i) => e.event === data[i].type)).toBe(true);
    expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
    expect(data.map((d) => d.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(data[10].item).toMatchObject({ type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '', status: 'in_progress' });
    expect(data.at(-1).response).toMatchObject({ status: 'completed', output: [{ type: 'message' }, { type: 'function_call', status: 'completed' }] });
  });

  it('marks a length finish as incomplete with max_output_tokens, streaming and not', async () => {
    const { url } = await start([{ text: 'cut', finishReason: 'length' }, { text: 'cut', finishReason: 'length' }]);
    const body = (await post(`${url}/responses`, responses())).json();
    expect(body).toMatchObject({ object: 'response', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const { events } = await post(`${url}/responses`, responses({ stream: true }));
    expect(events.at(-1)!.event).toBe('response.incomplete');
  });
});

describe('request checks and errors', () => {
  it.each([
    ['/chat/completions', { messages: [{ role: 'user', content: 'x' }] }, /model/],
    ['/chat/completions', { model: 'm', messages: [] }, /messages/],
    ['/chat/completions', { model: 'm', messages: [{ content: 'x' }] }, /messages\.0\.role/],
    ['/chat/completions', chat({ tools: {} }), /tools/],
    ['/chat/completions', chat({ tools: [{ type: 'function', function: {} }] }), /tools\.0/],
    ['/chat/completions', [1, 2], /JSON object/],
    ['/responses', { input: [] }, /model/],
    ['/responses', { model: 'm' }, /input/],
    ['/responses', responses({ tools: 'x' }), /tools/],
    ['/responses', responses({ tools: [{ type: 'function' }] }), /tools\[0\]\.name/],
    ['/responses', 'null', /JSON object/],
    ['/chat/completions', '{not json', /parse the JSON/],
  ])('rejects a malformed request to %s with 400 in OpenAI error shape', async (path, body, message) => {
    const server = await start([{ text: 'never used' }]);
    const response = await post(`${server.url}${path}`, body);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: { message: expect.stringMatching(message), type: 'invalid_request_error', param: null, code: null } });
    expect(server.requests).toHaveLength(1);
  });

  it('accepts tools in both shapes, including built-in response tools', async () => {
    const { url } = await start([{ text: 'a' }, { text: 'b' }]);
    expect((await post(`${url}/chat/completions`, chat({ tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }))).status).toBe(200);
    expect((await post(`${url}/responses`, responses({ tools: [{ type: 'web_search' }, { type: 'function', name: 'f' }] }))).status).toBe(200);
  });

  it('answers 404 for unknown paths and methods, and still records them', async () => {
    const server = await start([]);
    const missing = await post(`${server.url}/embeddings`, {});
    expect(missing.status).toBe(404);
    expect(missing.json().error.message).toContain('POST /v1/embeddings');
    expect((await post(`${server.url}/chat/completions`, undefined, {}, 'GET')).status).toBe(404);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/chat/completions']);
  });

  it('checks the Bearer key when one is configured', async () => {
    const { url } = await start([{ text: 'ok' }], { apiKey: 'sk-right-key' });
    const missing = await post(`${url}/chat/completions`, chat());
    expect(missing.status).toBe(401);
    expect(missing.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', message: expect.stringMatching(/didn't provide an API key/) });
    const wrong = await post(`${url}/chat/completions`, chat(), { authorization: 'Bearer sk-wrong-key' });
    expect(wrong.json().error.message).toBe('Incorrect API key provided: sk-***-key.');
    expect((await post(`${url}/chat/completions`, chat(), { authorization: 'Bearer sk-right-key' })).status).toBe(200);
  });

  it('sends scripted statuses with OpenAI types, scripted headers, and verbatim object bodies', async () => {
    const { url } = await start([{ status: 429, headers: { 'retry-after': '2' } }, { status: 418, body: { custom: true } }, { status: 502 }, { status: 403 }]);
    const limited = await post(`${url}/chat/completions`, chat());
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-request-id')).toMatch(/^req_/);
    expect(limited.json().error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', message: expect.stringMatching(/Rate limit/) });
    expect((await post(`${url}/responses`, responses())).json()).toEqual({ custom: true });
    expect((await post(`${url}/chat/completions`, chat())).json().error.type).toBe('server_error');
    expect((await post(`${url}/chat/completions`, chat())).json().error.message).toBe('Request failed with status 403.');
  });

  it('passes each request and its index to a script function, and reports a throwing one', async () => {
    const seen: Array<[string, number]> = [];
    const { url } = await start((request, index) => {
      seen.push([request.body.messages[0].content, index]);
      if (index === 1) throw new Error('script bug');
      return { text: 'ok' };
    });
    await post(`${url}/chat/completions`, chat());
    const failed = await post(`${url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'again' }] });
    expect(seen).toEqual([['hi', 0], ['again', 1]]);
    expect(failed.status).toBe(500);
    expect(failed.json().error.message).toBe('Model script threw on request #1 (/v1/chat/completions): Error: script bug');
  });

  it('records headers and arrival time, and closes even with a request left hanging', async () => {
    const server = await start([{ hang: true }]);
    const before = Date.now();
    const pending = post(`${server.url}/chat/completions`, chat(), { 'x-trace': 'abc' }).catch((e: unknown) => e);
    await expect.poll(() => server.requests.length).toBe(1);
    expect(server.requests[0]).toMatchObject({ path: '/v1/chat/completions', headers: { 'x-trace': 'abc' } });
    expect(server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(before);
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('stops streaming when the client goes away, and keeps serving', async () => {
    const { url } = await start([{ text: 'a long answer in many pieces', toolCalls: [call] }, { text: 'next' }], { chunkDelayMs: 30 });
    const controller = new AbortController();
    const response = await fetch(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify(chat({ stream: true })), signal: controller.signal });
    await response.body!.getReader().read();
    controller.abort();
    expect((await post(`${url}/chat/completions`, chat())).json().choices[0].message.content).toBe('next');
  });

  it('survives a client that drops the connection while sending its body', async () => {
    const server = await start([{ text: 'still here' }]);
    const { port } = new URL(server.url);
    const broken = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/chat/completions', headers: { 'content-length': '1000' } });
    broken.on('error', () => {});
    broken.write('{"model":');
    await sleep(20);
    broken.destroy();
    expect((await post(`${server.url}/chat/completions`, chat())).json().choices[0].message.content).toBe('still here');
    expect(server.requests).toHaveLength(1);
  });
});
