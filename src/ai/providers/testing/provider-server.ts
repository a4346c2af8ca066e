/**
 * A tiny model server on 127.0.0.1 for provider tests: it answers non-streaming calls in each
 * provider's real wire format (OpenAI Responses, OpenAI Chat Completions, Anthropic Messages,
 * Google generateContent), picked by the request path, records every request, and can fail,
 * hang or drop the connection on cue.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does for one request. */
export type Reply =
  | { text: string; usage?: { prompt: number; completion: number } }
  | { status: number; message?: string; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true };

/** A request as received (header names lower-case, body parsed as JSON when it is JSON). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A running server; `origin` is `http://127.0.0.1:<port>` (add `/v1` or `/v1beta`). */
export interface ProviderServer {
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Wire = 'responses' | 'chat' | 'anthropic' | 'google';

/** Starts the server; replies are used in order, or chosen by a function. Past the list: HTTP 500. */
export async function startProviderServer(script: readonly Reply[] | ((request: RecordedRequest, index: number) => Reply)): Promise<ProviderServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void readRequest(req).then((request) => {
      const index = requests.push(request) - 1;
      const reply = typeof script === 'function' ? script(request, index) : script[index] ?? { status: 500, message: `no scripted reply #${index}` };
      answer(res, wireOf(request.path), request, reply);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { method: req.method ?? '', path: req.url ?? '/', headers, body };
}

function wireOf(path: string): Wire {
  if (path.endsWith('/responses')) return 'responses';
  if (path.endsWith('/chat/completions')) return 'chat';
  if (path.endsWith('/messages')) return 'anthropic';
  return 'google';
}

function answer(res: ServerResponse, wire: Wire, request: RecordedRequest, reply: Reply): void {
  if ('hang' in reply) return;
  if ('reset' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('status' in reply) return send(res, reply.status, errorBody(wire, reply.status, reply.message ?? `failure ${reply.status}`), reply.headers);
  const model = (request.body as { model?: string } | undefined)?.model ?? /models\/([^:]+):/.exec(request.path)?.[1] ?? 'unknown';
  send(res, 200, successBody(wire, model, reply.text, reply.usage ?? { prompt: 11, completion: 7 }));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Each provider's error JSON. */
function errorBody(wire: Wire, status: number, message: string): unknown {
  if (wire === 'anthropic') return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : status === 401 ? 'authentication_error' : 'api_error', message } };
  if (wire === 'google') return { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT' } };
  return { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null } };
}

/** Each provider's successful non-streaming answer. */
function successBody(wire: Wire, model: string, text: string, usage: { prompt: number; completion: number }): unknown {
  const created = Math.floor(Date.now() / 1000);
  if (wire === 'responses') {
    return {
      id: 'resp_test', object: 'response', created_at: created, status: 'completed', error: null, incomplete_details: null, model,
      output: [{ type: 'message', id: 'msg_test', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }],
      usage: { input_tokens: usage.prompt, input_tokens_details: { cached_tokens: 0 }, output_tokens: usage.completion, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: usage.prompt + usage.completion },
    };
  }
  if (wire === 'chat') {
    return {
      id: 'chatcmpl-test', object: 'chat.completion', created, model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
    };
  }
  if (wire === 'anthropic') {
    return {
      id: 'msg_test', type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: usage.prompt, output_tokens: usage.completion, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
  }
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: usage.prompt, candidatesTokenCount: usage.completion, totalTokenCount: usage.prompt + usage.completion },
    modelVersion: model,
  };
}
