/**
 * Announcements of the AI layer: one per finished model call and per finished tool call, made by the
 * agent loop after the call is recorded durably and with every text already masked. They are not
 * history (messages are large); the engine turns each model call's usage and cost into a small
 * `step.usage` history event so totals survive, and passes the announcement to subscribers
 * (traces, metrics, logs).
 */

/** A chat message as sent to or received from a model (content already masked). */
export interface AiMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Tool calls the assistant asked for. */
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  /** For a `tool` message: the call it answers. */
  toolCallId?: string;
}

/** Where a call happened: the step (attempt) that made it, and the call that contains it, if any. */
interface CallPlace {
  runId: string;
  /** `<jobKey>/<index>`. */
  stepKey: string;
  attempt: number;
  /** Unique within the step attempt; stable across replays so span ids are too. */
  callId: string;
  /** The enclosing call (e.g. an agent turn) when calls nest. */
  parentCallId?: string;
  startedAt: number;
  completedAt: number;
  error?: string;
}

/** A model call with its usage and cost (from the versioned price table). */
export interface ModelCall extends CallPlace {
  provider: string;
  model: string;
  input: AiMessage[];
  output: AiMessage[];
  usage: { prompt: number; completion: number; total?: number; cacheRead?: number; cacheWrite?: number; reasoning?: number };
  /** USD; undefined when the model has no price in the table. */
  cost?: { prompt: number; completion: number; total: number; priceTable: string };
  /** Invocation parameters (temperature, max tokens…), JSON. */
  parameters?: string;
  workflow?: string;
}

/** A tool call the agent made (a command, a file edit, a forge call…). */
export interface ToolCall extends CallPlace {
  name: string;
  description?: string;
  /** Arguments, JSON, masked. */
  input: string;
  /** Result, masked. */
  output?: string;
}

/** The announcements of the AI layer (part of EngineEvent). */
export type AiEngineEvent =
  | { kind: 'model-call'; runId: string; call: ModelCall }
  | { kind: 'tool-call'; runId: string; call: ToolCall };

/** An announcement as a step makes it (the engine adds the run id). */
export type AiAnnouncement = { kind: 'model-call'; call: ModelCall } | { kind: 'tool-call'; call: ToolCall };
