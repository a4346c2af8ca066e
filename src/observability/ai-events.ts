/**
 * PROPOSED engine events for the AI layer (not yet in `core/views.ts`'s EngineEvent): one event per
 * finished model call and per finished tool call, emitted by the agent loop after the call is
 * recorded durably and with every text already masked by the run's masker, exactly like history
 * events. Observability consumes them as they are defined here; when the AI layer lands, the union
 * `EngineEvent | AiEngineEvent` below becomes part of EngineEvent.
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

/** The events the AI layer will announce (proposed addition to EngineEvent). */
export type AiEngineEvent =
  | { kind: 'model-call'; runId: string; call: ModelCall }
  | { kind: 'tool-call'; runId: string; call: ToolCall };
