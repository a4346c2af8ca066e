/**
 * OpenAI Responses API (`POST /v1/responses`, what `@ai-sdk/openai`'s `openai(model)` calls): a
 * `response` object, or the typed SSE event sequence (`response.created`, `response.in_progress`,
 * output items with their text / function-call argument deltas, `response.completed`).
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

/** The Responses endpoint. */
export const responsesRoute: Route = {
  validate: validateResponsesRequest,
  json: (answer, request) => responseObject(answer, request, outputItems(answer), 'done'),
  events: responseEvents,
};

function validateResponsesRequest(body: unknown): string | undefined {
  if (!isObject(body)) return 'The request body must be a JSON object.';
  if (typeof body.model !== 'string' || body.model === '') return "Missing required parameter: 'model'.";
  if (typeof body.input !== 'string' && !Array.isArray(body.input)) return "Missing required parameter: 'input'.";
  if (body.tools === undefined) return undefined;
  if (!Array.isArray(body.tools)) return "Invalid type for 'tools': expected an array.";
  const bad = body.tools.findIndex((t) => !isObject(t) || typeof t.type !== 'string' || (t.type === 'function' && typeof t.name !== 'string'));
  return bad >= 0 ? `Missing required parameter: 'tools[${bad}].name'.` : undefined;
}

type OutputItem =
  | { type: 'message'; id: string; text: string }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string };

function outputItems(answer: ScriptedAnswer): OutputItem[] {
  const items: OutputItem[] = [];
  const calls = answer.toolCalls ?? [];
  if (answer.text !== undefined || calls.length === 0) items.push({ type: 'message', id: scriptedId('msg_'), text: answer.text ?? '' });
  for (const call of calls) {
    items.push({ type: 'function_call', id: scriptedId('fc_'), call_id: call.id ?? scriptedId('call_'), name: call.name, arguments: argumentsJson(call.arguments) });
  }
  return items;
}

/** An item as it appears in `output` once finished (`done`) or when it starts (`started`). */
function itemJson(item: OutputItem, phase: 'started' | 'done'): Record<string, unknown> {
  const status = phase === 'done' ? 'completed' : 'in_progress';
  if (item.type === 'function_call') return { ...item, arguments: phase === 'done' ? item.arguments : '', status };
  const content = phase === 'done' ? [textPart(item.text)] : [];
  return { type: 'message', id: item.id, status, role: 'assistant', content };
}

function textPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

function usageJson(answer: ScriptedAnswer, request: RecordedRequest): Record<string, unknown> {
  const usage = resolveUsage(answer, request);
  return {
    input_tokens: usage.prompt,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.completion,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.prompt + usage.completion,
  };
}

function responseObject(answer: ScriptedAnswer, request: RecordedRequest, items: OutputItem[], phase: 'started' | 'done', id = scriptedId('resp_')): Record<string, unknown> {
  const truncated = resolveFinishReason(answer) === 'length';
  const finished = phase === 'done';
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: !finished ? 'in_progress' : truncated ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: finished && truncated ? { reason: 'max_output_tokens' } : null,
    model: request.body.model,
    output: finished ? items.map((item) => itemJson(item, 'done')) : [],
    parallel_tool_calls: true,
    tools: request.body.tools ?? [],
    usage: finished ? usageJson(answer, request) : null,
  };
}

function responseEvents(answer: ScriptedAnswer, request: RecordedRequest): SseEvent[] {
  const items = outputItems(answer);
  const id = scriptedId('resp_');
  let sequence = 0;
  const events: SseEvent[] = [];
  const emit = (type: string, fields: Record<string, unknown>): void => {
    events.push({ event: type, data: JSON.stringify({ type, sequence_number: sequence++, ...fields }) });
  };
  emit('response.created', { response: responseObject(answer, request, items, 'started', id) });
  emit('response.in_progress', { response: responseObject(answer, request, items, 'started', id) });
  items.forEach((item, index) => itemEvents(item, index, emit));
  const done = responseObject(answer, request, items, 'done', id);
  emit(done.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: done });
  return events;
}

function itemEvents(item: OutputItem, outputIndex: number, emit: (type: string, fields: Record<string, unknown>) => void): void {
  const at = { item_id: item.id, output_index: outputIndex };
  emit('response.output_item.added', { output_index: outputIndex, item: itemJson(item, 'started') });
  if (item.type === 'message') {
    emit('response.content_part.added', { ...at, content_index: 0, part: textPart('') });
    for (const delta of fragments(item.text)) emit('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [] });
    emit('response.output_text.done', { ...at, content_index: 0, text: item.text, logprobs: [] });
    emit('response.content_part.done', { ...at, content_index: 0, part: textPart(item.text) });
  } else {
    for (const delta of fragments(item.arguments)) emit('response.function_call_arguments.delta', { ...at, delta });
    emit('response.function_call_arguments.done', { ...at, arguments: item.arguments });
  }
  emit('response.output_item.done', { output_index: outputIndex, item: itemJson(item, 'done') });
}
