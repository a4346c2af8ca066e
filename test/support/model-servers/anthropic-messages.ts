/**
 * Anthropic Messages (`POST /v1/messages`) as Anthropic sends it: a `message` object, or the
 * named SSE events `message_start`, `ping`, `content_block_start` / `_delta` (`text_delta`,
 * `input_json_delta`) / `_stop`, `message_delta` (stop reason, output usage), `message_stop`.
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

/** The Messages endpoint. */
export const messagesRoute: Route = {
  validate: validateMessagesRequest,
  json: message,
  events: messageEvents,
};

function validateMessagesRequest(body: unknown): string | undefined {
  if (!isObject(body)) return 'The request body must be a JSON object.';
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  const bad = body.messages.findIndex((m) => !isObject(m) || (m.role !== 'user' && m.role !== 'assistant') || (typeof m.content !== 'string' && !Array.isArray(m.content)));
  if (bad >= 0) return `messages.${bad}: each message needs a role of user or assistant and string or array content`;
  if (body.tools === undefined) return undefined;
  if (!Array.isArray(body.tools)) return 'tools: Input should be a valid list';
  const badTool = body.tools.findIndex((t) => !isObject(t) || typeof t.name !== 'string' || (t.type === undefined && !isObject(t.input_schema)));
  return badTool >= 0 ? `tools.${badTool}: each custom tool needs a name and an input_schema object` : undefined;
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown; json: string };

function blocks(answer: ScriptedAnswer): Block[] {
  const calls = answer.toolCalls ?? [];
  const result: Block[] = [];
  if (answer.text !== undefined || calls.length === 0) result.push({ type: 'text', text: answer.text ?? '' });
  for (const call of calls) {
    result.push({ type: 'tool_use', id: call.id ?? scriptedId('toolu_'), name: call.name, input: parsedInput(call.arguments), json: argumentsJson(call.arguments) });
  }
  return result;
}

/** Anthropic sends tool input as an object; a string that is not JSON is kept to test malformed input. */
function parsedInput(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function stopReason(answer: ScriptedAnswer): string {
  const reason = resolveFinishReason(answer);
  return reason === 'tool_calls' ? 'tool_use' : reason === 'length' ? 'max_tokens' : 'end_turn';
}

function blockJson(block: Block): Record<string, unknown> {
  return block.type === 'text' ? block : { type: 'tool_use', id: block.id, name: block.name, input: block.input };
}

function message(answer: ScriptedAnswer, request: RecordedRequest): unknown {
  const usage = resolveUsage(answer, request);
  return {
    id: scriptedId('msg_'),
    type: 'message',
    role: 'assistant',
    model: request.body.model,
    content: blocks(answer).map(blockJson),
    stop_reason: stopReason(answer),
    stop_sequence: null,
    usage: { input_tokens: usage.prompt, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: usage.completion, service_tier: 'standard' },
  };
}

function messageEvents(answer: ScriptedAnswer, request: RecordedRequest): SseEvent[] {
  const usage = resolveUsage(answer, request);
  const events: SseEvent[] = [];
  const emit = (type: string, fields: Record<string, unknown> = {}): void => {
    events.push({ event: type, data: JSON.stringify({ type, ...fields }) });
  };
  emit('message_start', {
    message: {
      id: scriptedId('msg_'), type: 'message', role: 'assistant', model: request.body.model, content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: usage.prompt, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' },
    },
  });
  emit('ping');
  blocks(answer).forEach((block, index) => {
    emit('content_block_start', { index, content_block: block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} } });
    const deltas = block.type === 'text'
      ? fragments(block.text).map((text) => ({ type: 'text_delta', text }))
      : ['', ...fragments(block.json)].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
    for (const delta of deltas) emit('content_block_delta', { index, delta });
    emit('content_block_stop', { index });
  });
  emit('message_delta', { delta: { stop_reason: stopReason(answer), stop_sequence: null }, usage: { output_tokens: usage.completion } });
  emit('message_stop');
  return events;
}
