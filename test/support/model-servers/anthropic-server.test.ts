/** Wire-level checks of the scripted Anthropic server: event sequence, message shape, headers, errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicServer } from './anthropic-server.ts';
import type { ModelServer, ModelServerOptions, Script } from './script.ts';
import { post } from './wire-client.ts';

let server: ModelServer | undefined;
afterEach(async () => server?.close());

async function start(script: Script, options?: ModelServerOptions): Promise<ModelServer> {
  server = await startAnthropicServer(script, options);
  return server;
}

const auth = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
const request = (extra: Record<string, unknown> = {}) => ({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...extra });
const send = (url: string, body: unknown = request(), headers: Record<string, string> = auth) => post(`${url}/messages`, body, headers);

describe('messages on the wire', () => {
  it('streams the real event sequence with text and input_json deltas', async () => {
    const { url } = await start([{ text: 'Let me look', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: { q: 'runs' } }], usage: { prompt: 9, completion: 6 } }]);
    const { events } = await send(url, request({ stream: true }));
    const data = events.map((e) => JSON.parse(e.data));
    expect(events.every((e, i) => e.event === data[i].type)).toBe(true);
    expect(data.map((d) => d.type)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expect(data[0].message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude', content: [], usage: { input_tokens: 9 } });
    expect(data.filter((d) => d.delta?.type === 'text_delta').map((d) => d.delta.text).join('')).toBe('Let me look');
    expect(data[7]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} } });
    const partial = data.filter((d) => d.delta?.type === 'input_json_delta').map((d) => d.delta.partial_json);
    expect(partial[0]).toBe('');
    expect(JSON.parse(partial.join(''))).toEqual({ q: 'runs' });
    expect(data.at(-2)).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 6 } });
  });

  it('answers a message object with content blocks, stop reasons and usage', async () => {
    const { url } = await start([
      { toolCalls: [{ name: 'lookup', arguments: 'not json' }, { name: 'lookup', arguments: '{"a":1}' }] },
      { text: 'cut', finishReason: 'length', usage: { prompt: 2, completion: 3 } },
      {},
    ]);
    const tools = (await send(url)).json();
    expect(tools).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'tool_use', stop_sequence: null });
    expect(tools.content).toMatchObject([
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'lookup', input: 'not json' },
      { type: 'tool_use', input: { a: 1 } },
    ]);
    const cut = (await send(url)).json();
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', content: [{ type: 'text', text: 'cut' }], usage: { input_tokens: 2, output_tokens: 3 } });
    expect((await send(url)).json()).toMatchObject({ stop_reason: 'end_turn', content: [{ type: 'text', text: '' }] });
  });
});

describe('headers, request checks and errors', () => {
  it.each([
    [{ 'x-api-key': 'k' }, 'anthropic-version: header is required'],
    [{ 'anthropic-version': '2023-06-01' }, 'x-api-key header is required'],
  ])('rejects a request without a required header with 401', async (headers, message) => {
    const server = await start([{ text: 'never' }]);
    const response = await send(server.url, request(), headers);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message } });
    expect(server.requests).toHaveLength(1);
  });

  it('checks the key when one is configured, accepting a Bearer token too', async () => {
    const { url } = await start([{ text: 'a' }, { text: 'b' }], { apiKey: 'sk-ant-right' });
    expect((await send(url)).json().error.message).toBe('invalid x-api-key');
    expect((await send(url, request(), { ...auth, 'x-api-key': 'sk-ant-right' })).status).toBe(200);
    expect((await send(url, request(), { 'anthropic-version': '2023-06-01', authorization: 'Bearer sk-ant-right' })).status).toBe(200);
  });

  it.each([
    [{ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, /model/],
    [{ model: 'c', messages: [{ role: 'user', content: 'x' }] }, /max_tokens/],
    [{ model: 'c', max_tokens: 5, messages: [] }, /at least one message/],
    [{ model: 'c', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }, /messages\.0/],
    [{ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 3 }] }, /messages\.0/],
    [request({ tools: {} }), /valid list/],
    [request({ tools: [{ name: 'f' }] }), /tools\.0/],
    ['"text"', /JSON object/],
  ])('rejects a malformed body with 400 invalid_request_error (%#)', async (body, message) => {
    const { url } = await start([{ text: 'never' }]);
    const response = await send(url, body);
    expect(response.status).toBe(400);
    expect(response.json().error).toEqual({ type: 'invalid_request_error', message: expect.stringMatching(message) });
  });

  it('accepts custom tools with input_schema and typed built-in tools', async () => {
    const { url } = await start([{ text: 'ok' }]);
    const tools = [{ name: 'f', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }];
    expect((await send(url, request({ tools }))).status).toBe(200);
  });

  it.each([
    [403, 'permission_error'], [404, 'not_found_error'], [413, 'request_too_large'], [429, 'rate_limit_error'],
    [500, 'api_error'], [529, 'overloaded_error'], [422, 'invalid_request_error'],
  ])('maps a scripted %i to the %s error type', async (status, type) => {
    const { url } = await start([{ status, headers: { 'retry-after': '3' }, body: 'scripted failure' }]);
    const response = await send(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.json()).toEqual({ type: 'error', error: { type, message: 'scripted failure' } });
  });

  it('answers 404 in Anthropic shape for an unknown path', async () => {
    const { url } = await start([]);
    const response = await post(`${url}/complete`, request(), auth);
    expect(response.status).toBe(404);
    expect(response.json().error.type).toBe('not_found_error');
  });
});
