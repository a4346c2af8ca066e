/**
 * One model call of the agent: streamed (text is shown live in the step log), tools offered but
 * never executed by the SDK — the loop executes them itself, so it can validate, sandbox, record and
 * budget every call. Retries are the caller's (our own policy, honouring Retry-After).
 */
import { streamText, type LanguageModel, type ModelMessage, type ToolSet } from 'ai';

/** A tool call as the model made it; `invalid` says why it cannot be executed (unknown tool, unparsable arguments). */
export interface TurnToolCall {
  id: string;
  name: string;
  input: unknown;
  invalid?: string;
}

/** What one model call produced. Plain JSON: it is recorded durably and replayed after a crash. */
export interface TurnResult {
  text: string;
  toolCalls: TurnToolCall[];
  usage: { prompt: number; completion: number; cacheRead?: number };
  finishReason: string;
}

/** What a turn is asked. */
export interface TurnRequest {
  model: LanguageModel;
  system: string;
  messages: ModelMessage[];
  tools: ToolSet;
  signal?: AbortSignal;
  maxOutputTokens?: number;
  /** Receives streamed text as it arrives. */
  onText?(delta: string): void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Makes one streamed model call and collects its result; a stream error is thrown (for the retry policy). */
export async function modelTurn(request: TurnRequest): Promise<TurnResult> {
  const result = streamText({
    model: request.model, system: request.system, messages: request.messages, tools: request.tools, maxRetries: 0,
    // Errors are thrown from the stream below (for the retry policy); the SDK's default handler
    // would also print each one, request and response included, to the process's stderr.
    onError: () => undefined,
    ...(request.signal && { abortSignal: request.signal }),
    ...(request.maxOutputTokens !== undefined && { maxOutputTokens: request.maxOutputTokens }),
  });
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') request.onText?.(part.text);
    else if (part.type === 'error') throw part.error;
  }
  const [text, calls, usage, finishReason] = await Promise.all([result.text, result.toolCalls, result.usage, result.finishReason]);
  return {
    text,
    toolCalls: calls.map((c) => ({
      id: c.toolCallId, name: c.toolName, input: c.input ?? {},
      ...(c.invalid && { invalid: errorText(c.error) }),
    })),
    usage: {
      prompt: usage.inputTokens ?? 0, completion: usage.outputTokens ?? 0,
      ...(usage.inputTokenDetails?.cacheReadTokens !== undefined && { cacheRead: usage.inputTokenDetails.cacheReadTokens }),
    },
    finishReason,
  };
}
