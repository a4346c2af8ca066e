/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`) as OpenAI sends it: a `chat.completion`
 * object, or `chat.completion.chunk` SSE lines (role delta, content deltas, tool-call deltas,
 * finish chunk, optional usage chunk with empty choices, `[DONE]`).
 */
import type { Route, SseEvent } from './scripted-http.ts';
import {
  argumentsJson,
  fragments,
  isObject,
  resolveFinishReason,
  resolveUsage,
  scriptedId,
  type RecordedRequest,
  type ScriptedAnswer,
} from './script.ts';

/** The Chat Completions endpoint. */
export const chatCompletionsRoute: Route = {
  validate: validateChatRequest,
  json: chatCompletion,
  events: chatCompletionChunks,
};

function validateChatRequest(body: unknown): string | undefined {
  if (!isObject(body)) return 'The request body must be a JSON object.';
  if (typeof body.model !== 'string' || body.model === '') return "you must provide a model parameter ('model')";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must be a non-empty array";
  const badMessage = body.messages.findIndex((message) => !isObject(message) || typeof message.role !== 'string');
  if (badMessage >= 0) return `'messages.${badMessage}.role' is required`;
  if (body.tools !== undefined) return validateChatTools(body.tools);
  return undefined;
}

function validateChatTools(tools: unknown): string | undefined {
  if (!Array.isArray(tools)) return "'tools' must be an array";
  const bad = tools.findIndex((t) => !isObject(t) || t.type !== 'function' || !isObject(t.function) || typeof t.function.name !== 'string');
  return bad >= 0 ? `'tools.${bad}' must be {type: 'function', function: {name, parameters}}` : undefined;
}

interface WireToolCall {
  id: string;
  name: string;
  arguments: string;
}

function wireToolCalls(answer: ScriptedAnswer): WireToolCall[] {
  return (answer.toolCalls ?? []).map((call) => ({
    id: call.id ?? scriptedId('call_'),
    name: call.name,
    arguments: argumentsJson(call.arguments),
  }));
}

function usageJson(answer: ScriptedAnswer, request: RecordedRequest): Record<string, unknown> {
  const usage = resolveUsage(answer, request);
  return {
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    total_tokens: usage.prompt + usage.completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatCompletion(answer: ScriptedAnswer, request: RecordedRequest): unknown {
  const calls = wireToolCalls(answer);
  const message: Record<string, unknown> = { role: 'assistant', content: answer.text ?? null, refusal: null, annotations: [] };
  if (calls.length > 0) {
    message.tool_calls = calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  return {
    id: scriptedId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.body.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: resolveFinishReason(answer) }],
    usage: usageJson(answer, request),
    service_tier: 'default',
    system_fingerprint: 'fp_scripted',
  };
}

function chatCompletionChunks(answer: ScriptedAnswer, request: RecordedRequest): SseEvent[] {
  const includeUsage = request.body.stream_options?.include_usage === true;
  const base = {
    id: scriptedId('chatcmpl-'),
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: request.body.model,
    service_tier: 'default',
    system_fingerprint: 'fp_scripted',
  };
  const chunk = (delta: unknown, finishReason: string | null = null): SseEvent => ({
    data: JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...(includeUsage ? { usage: null } : {}) }),
  });
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of fragments(answer.text ?? '')) events.push(chunk({ content: piece }));
  wireToolCalls(answer).forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of fragments(call.arguments)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, resolveFinishReason(answer)));
  if (includeUsage) events.push({ data: JSON.stringify({ ...base, choices: [], usage: usageJson(answer, request) }) });
  events.push({ data: '[DONE]' });
  return events;
}

