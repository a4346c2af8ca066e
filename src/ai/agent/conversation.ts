/**
 * The agent's conversation: the messages sent to the model, built only from masked text, and kept
 * within a context budget by eliding the oldest tool outputs (the model can read a file again).
 */
import type { ModelMessage } from 'ai';
import type { AiMessage } from '../../core/ai-calls.ts';
import { estimateTokens } from '../tools/repo-map.ts';
import type { TurnToolCall } from './model-turn.ts';

const elided = '[older tool output elided to keep the context small; call the tool again if you need it]';

/** A growing, masked conversation. */
export class Conversation {
  readonly messages: ModelMessage[] = [];
  readonly #mask: (text: string) => string;
  readonly #contextTokens: number;

  constructor(mask: (text: string) => string, contextTokens = 60_000) {
    this.#mask = mask;
    this.#contextTokens = contextTokens;
  }

  /** Adds a user message. */
  user(text: string): void {
    this.messages.push({ role: 'user', content: this.#mask(text) });
  }

  /** Adds what the model answered. */
  assistant(text: string, calls: TurnToolCall[]): void {
    const content: Exclude<Extract<ModelMessage, { role: 'assistant' }>['content'], string> = [];
    if (text) content.push({ type: 'text', text: this.#mask(text) });
    for (const c of calls) content.push({ type: 'tool-call', toolCallId: c.id, toolName: c.name, input: c.input ?? {} });
    if (content.length > 0) this.messages.push({ role: 'assistant', content });
  }

  /** Adds the results of the tool calls of the last answer. */
  toolResults(results: Array<{ call: TurnToolCall; output: string }>): void {
    if (results.length === 0) return;
    this.messages.push({
      role: 'tool',
      content: results.map(({ call, output }) => ({ type: 'tool-result', toolCallId: call.id, toolName: call.name, output: { type: 'text', value: this.#mask(output) } })),
    });
    this.#compact();
  }

  /** The conversation in the shape traces show. */
  forTrace(): AiMessage[] {
    return this.messages.map(toAiMessage);
  }

  #size(): number {
    return this.messages.reduce((n, m) => n + estimateTokens(JSON.stringify(m.content)), 0);
  }

  #compact(): void {
    // The newest tool message is never elided: the model has not seen it yet.
    for (const message of this.messages.slice(0, -1)) {
      if (this.#size() <= this.#contextTokens) return;
      if (message.role !== 'tool') continue;
      for (const part of message.content) {
        if (part.type === 'tool-result' && part.output.type === 'text' && part.output.value.length > elided.length) part.output = { type: 'text', value: elided };
      }
    }
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p: { type: string; text?: string; output?: { value?: unknown } }) => p.text ?? (p.type === 'tool-result' ? String(p.output?.value ?? '') : '')).join('');
}

function toAiMessage(m: ModelMessage): AiMessage {
  const calls = m.role === 'assistant' && Array.isArray(m.content) ? m.content.filter((p) => p.type === 'tool-call') : [];
  const result = m.role === 'tool' ? m.content.find((p) => p.type === 'tool-result') : undefined;
  return {
    role: m.role, content: textOf(m.content),
    ...(calls.length > 0 && { toolCalls: calls.map((c) => ({ id: c.toolCallId, name: c.toolName, arguments: JSON.stringify(c.input) })) }),
    ...(result && { toolCallId: result.toolCallId }),
  };
}
