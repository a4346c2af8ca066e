/**
 * The scripting vocabulary shared by the scripted model servers: what a test says the "model"
 * answers, what the server recorded, and the defaults (ids, usage, chunking) both protocols use.
 */

/** One tool call the scripted model makes; a string `arguments` is sent verbatim (to test malformed JSON). */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: unknown;
}

/** A successful model answer: text and/or tool calls. */
export interface ScriptedAnswer {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: { prompt: number; completion: number };
  finishReason?: 'stop' | 'tool_calls' | 'length';
}

/**
 * An HTTP error answer. `body` undefined → the protocol's error JSON with a default message;
 * a string → the protocol's error JSON with that message; anything else → sent verbatim as JSON.
 */
export interface ScriptedError {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Never answer: the connection stays open until the client gives up or the server closes. */
export interface ScriptedHang {
  hang: true;
}

/** What the scripted model does for one request. */
export type ScriptedReply = ScriptedAnswer | ScriptedError | ScriptedHang;

/** A request as the server received it (header names lower-cased, body parsed from JSON). */
export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary wire JSON
  body: any;
  receivedAt: number;
}

/** A function script reacts to what the model was sent; `index` counts the requests handed to the script. */
export type ScriptFunction = (request: RecordedRequest, index: number) => ScriptedReply | Promise<ScriptedReply>;

/** Replies consumed in order (one per request), or a function deciding each reply. */
export type Script = readonly ScriptedReply[] | ScriptFunction;

/** A running scripted server. */
export interface ModelServer {
  /** Base URL including `/v1`, ready for a provider's `baseURL`. */
  url: string;
  /** Every request received, in order, including rejected ones. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Options common to both servers. */
export interface ModelServerOptions {
  /** Pause between streamed events, so clients really see separate network reads. */
  chunkDelayMs?: number;
  /** When set, requests must carry exactly this key (Bearer token or `x-api-key`), else 401. */
  apiKey?: string;
}

/** True when the reply is an HTTP error. */
export function isScriptedError(reply: ScriptedReply): reply is ScriptedError {
  return 'status' in reply;
}

/** True when the reply is a hang. */
export function isScriptedHang(reply: ScriptedReply): reply is ScriptedHang {
  return 'hang' in reply && reply.hang;
}

/**
 * Turns a script into a reply source. Array exhaustion and a throwing script function become
 * 500 replies whose message says which request went unanswered, so the failing test shows why.
 */
export function createReplySource(script: Script): (request: RecordedRequest) => Promise<ScriptedReply> {
  let index = 0;
  return async (request) => {
    const current = index++;
    if (typeof script !== 'function') {
      return script[current] ?? exhausted(current, script.length, request.path);
    }
    try {
      return await script(request, current);
    } catch (error) {
      return { status: 500, body: `Model script threw on request #${current} (${request.path}): ${String(error)}` };
    }
  };
}

function exhausted(index: number, length: number, path: string): ScriptedError {
  return {
    status: 500,
    body: `Model script exhausted: request #${index} (0-based) to ${path} has no scripted reply; the script has ${length} replies`,
  };
}

/** The token usage to report: the script's, else a rough 4-characters-per-token estimate. */
export function resolveUsage(answer: ScriptedAnswer, request: RecordedRequest): { prompt: number; completion: number } {
  if (answer.usage) return answer.usage;
  const produced = (answer.text ?? '') + (answer.toolCalls ?? []).map((call) => argumentsJson(call.arguments)).join('');
  return { prompt: estimateTokens(JSON.stringify(request.body ?? '')), completion: estimateTokens(produced) };
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The finish reason to report: the script's, else `tool_calls` when the answer calls tools. */
export function resolveFinishReason(answer: ScriptedAnswer): 'stop' | 'tool_calls' | 'length' {
  return answer.finishReason ?? ((answer.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
}

/** Tool-call arguments as the JSON text providers put on the wire. */
export function argumentsJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? {});
}

/** Splits text into up to `count` non-empty consecutive pieces (several when it has several characters). */
export function fragments(text: string, count = 3): string[] {
  if (text.length === 0) return [];
  const size = Math.ceil(text.length / Math.min(count, text.length));
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let counter = 0;

/** A unique id with a provider-looking prefix (`chatcmpl_`, `call_`, `toolu_`…). */
export function scriptedId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}
