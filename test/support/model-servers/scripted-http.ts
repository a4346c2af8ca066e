/**
 * The HTTP plumbing both scripted model servers share: a node:http server on 127.0.0.1, request
 * recording, routing, auth and body checks, script replies, JSON and SSE writing, hangs.
 * Protocol modules stay pure encoders; all I/O lives here.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createReplySource,
  isScriptedError,
  isScriptedHang,
  type ModelServer,
  type ModelServerOptions,
  type RecordedRequest,
  type Script,
  type ScriptedAnswer,
  type ScriptedError,
} from './script.ts';

/** One server-sent event; `data` is already serialised. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** One endpoint of a protocol. */
export interface Route {
  /** Says what is wrong with the request body, or undefined when it is acceptable. */
  validate(body: unknown): string | undefined;
  /** The non-streaming JSON answer. */
  json(answer: ScriptedAnswer, request: RecordedRequest): unknown;
  /** The streamed answer, event by event. */
  events(answer: ScriptedAnswer, request: RecordedRequest): SseEvent[];
}

/** How one wire protocol plugs into the shared server. */
export interface Protocol {
  /** Routes by exact path (POST only). */
  routes: Record<string, Route>;
  /** The protocol's error JSON for a status and message. */
  errorBody(status: number, message: string): unknown;
  /** Headers every response of this protocol carries (request ids and the like). */
  responseHeaders(): Record<string, string>;
  /** Says why the request's credentials are rejected, or undefined when they are acceptable. */
  checkAuth(headers: Record<string, string>, apiKey: string | undefined): string | undefined;
}

/** Starts a scripted server speaking `protocol` on an ephemeral loopback port. */
export async function startScriptedServer(protocol: Protocol, script: Script, options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const nextReply = createReplySource(script);
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) writeError(res, protocol, { status: 500, body: `Scripted server failed: ${String(error)}` });
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { request, parseError } = await readRequest(req);
    requests.push(request);
    const rejection = reject(protocol, req.method, request, parseError, options.apiKey);
    if (rejection) return writeError(res, protocol, rejection);
    const reply = await nextReply(request);
    if (isScriptedHang(reply)) return;
    if (isScriptedError(reply)) return writeError(res, protocol, reply);
    const route = protocol.routes[request.path]!;
    if (request.body.stream === true) return writeEvents(res, protocol, route.events(reply, request), options.chunkDelayMs ?? 0);
    writeJson(res, 200, { ...protocol.responseHeaders() }, route.json(reply, request));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function reject(protocol: Protocol, method: string | undefined, request: RecordedRequest, parseError: string | undefined, apiKey: string | undefined): ScriptedError | undefined {
  const route = protocol.routes[request.path];
  if (method !== 'POST' || !route) return { status: 404, body: `No scripted endpoint for ${method ?? '?'} ${request.path}` };
  const authProblem = protocol.checkAuth(request.headers, apiKey);
  if (authProblem) return { status: 401, body: authProblem };
  const problem = parseError ?? route.validate(request.body);
  return problem ? { status: 400, body: problem } : undefined;
}

async function readRequest(req: IncomingMessage): Promise<{ request: RecordedRequest; parseError?: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const request: RecordedRequest = {
    path: new URL(req.url ?? '/', 'http://scripted').pathname,
    headers: flattenHeaders(req.headers),
    body: undefined,
    receivedAt: Date.now(),
  };
  try {
    request.body = JSON.parse(text);
    return { request };
  } catch {
    request.body = text;
    return { request, parseError: 'We could not parse the JSON body of your request.' };
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function writeError(res: ServerResponse, protocol: Protocol, reply: ScriptedError): void {
  const body = reply.body === undefined || typeof reply.body === 'string'
    ? protocol.errorBody(reply.status, typeof reply.body === 'string' ? reply.body : defaultMessage(reply.status))
    : reply.body;
  writeJson(res, reply.status, { ...protocol.responseHeaders(), ...reply.headers }, body);
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Invalid authentication credentials.';
  if (status === 429) return 'Rate limit reached. Please try again later.';
  if (status >= 500) return 'The server had an error while processing your request.';
  return `Request failed with status ${status}.`;
}

function writeJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function writeEvents(res: ServerResponse, protocol: Protocol, events: SseEvent[], delayMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...protocol.responseHeaders() });
  for (const event of events) {
    if (res.destroyed) return;
    res.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`);
    if (delayMs > 0) await sleep(delayMs);
  }
  res.end();
}
