/**
 * Helpers for scripted-model functions: build replies, and read what a request carries (the task,
 * how many tool results the conversation holds, the last tool result) in either wire protocol —
 * OpenAI Chat Completions (`tool` messages) or Anthropic Messages (`tool_result` blocks).
 */
import type { RecordedRequest, ScriptedReply } from '../../../../test/support/model-servers/script.ts';

interface WireMessage {
  role: string;
  content: unknown;
}

/** A reply calling one tool. */
export function call(name: string, args: unknown, usage = { prompt: 900, completion: 40 }): ScriptedReply {
  return { toolCalls: [{ name, arguments: args }], usage };
}

function messages(request: RecordedRequest): WireMessage[] {
  return (request.body.messages ?? []) as WireMessage[];
}

function blocks(message: WireMessage): Array<{ type?: string; text?: string; content?: unknown }> {
  return Array.isArray(message.content) ? (message.content as Array<{ type?: string }>) : [];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((b: { text?: string; content?: unknown }) => b.text ?? textOf(b.content)).join('');
}

/** The tool results of the conversation, oldest first, as text. */
export function toolResultTexts(request: RecordedRequest): string[] {
  return messages(request).flatMap((m) => {
    if (m.role === 'tool') return [textOf(m.content)];
    return blocks(m).filter((b) => b.type === 'tool_result').map((b) => textOf(b.content));
  });
}

/** How many tool results the conversation holds (the turn of the session, for a script). */
export function toolResults(request: RecordedRequest): number {
  return toolResultTexts(request).length;
}

/** The last tool result, or '' before the first. */
export function lastToolResult(request: RecordedRequest): string {
  return toolResultTexts(request).at(-1) ?? '';
}

/** The first user message: the session's task. */
export function taskOf(request: RecordedRequest): string {
  const first = messages(request).find((m) => m.role === 'user');
  return first ? textOf(first.content) : '';
}

/** The system prompt (a message for OpenAI, a field for Anthropic). */
export function systemOf(request: RecordedRequest): string {
  const system = messages(request).find((m) => m.role === 'system');
  return system ? textOf(system.content) : textOf(request.body.system);
}

/** Replies in order by the number of tool results, the last one repeated (one session's turns). */
export function turns(...replies: ScriptedReply[]): (request: RecordedRequest) => ScriptedReply {
  return (request) => replies[Math.min(toolResults(request), replies.length - 1)]!;
}
