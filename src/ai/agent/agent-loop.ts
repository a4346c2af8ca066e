/**
 * The agent loop: ask the model, execute the tools it calls, feed the results back, until it calls
 * `finish` with a valid answer or a budget, a loop or invalid output ends the session. Every model
 * turn and every batch of tool results is recorded durably (`record`), so a session resumed after a
 * crash replays what was done — no model call is repeated, no finished tool call re-executed.
 */
import { tool, type LanguageModel, type ToolSet } from 'ai';
import type { z } from 'zod';
import type { AiAnnouncement } from '../../core/ai-calls.ts';
import { budgetExhausted, nothingSpent, spend, type BudgetLimits, type Spent } from './budget.ts';
import { Conversation } from './conversation.ts';
import { LoopGuard, type LoopVerdict } from './loop-guard.ts';
import { modelTurn, type TurnResult, type TurnToolCall } from './model-turn.ts';

/** A tool bound to its workspace: validated input in, text for the model out. */
export interface BoundTool {
  name: string;
  description: string;
  input: z.ZodType;
  /** True for tools that change files or run commands. */
  mutates: boolean;
  execute(input: unknown): Promise<string>;
}

/** What the loop needs of the step it runs in. */
export interface AgentHost {
  runId: string;
  stepKey: string;
  attempt: number;
  record<T>(name: string, compute: () => Promise<T>): Promise<T>;
  announce(event: AiAnnouncement): void;
  mask(text: string): string;
  log(text: string): void;
  now(): number;
  signal?: AbortSignal;
}

/** One agent session. */
export interface AgentOptions<T> {
  /** Prefix of the record keys, unique within the step (e.g. `task-3`). */
  session: string;
  model: LanguageModel;
  provider: string;
  modelName: string;
  system: string;
  task: string;
  tools: BoundTool[];
  /** The structured answer that ends the session. */
  finish: { description: string; input: z.ZodType<T> };
  limits: BudgetLimits;
  /** Turns in a row without a usable call before giving up (default 3). */
  maxInvalidTurns?: number;
  /** Wraps each model call with the retry policy; each attempt gets its own signal (the per-call time limit). */
  retry<R>(call: (signal?: AbortSignal) => Promise<R>): Promise<R>;
  /** Cost of a call from the price table, when the model has a price. */
  price?(usage: TurnResult['usage']): { prompt: number; completion: number; total: number; priceTable: string } | undefined;
  contextTokens?: number;
  host: AgentHost;
}

/** How a session ended. `spent` counts every turn, including replayed ones. */
export type AgentOutcome<T> = ({ kind: 'finished'; result: T } | { kind: 'budget' | 'loop' | 'invalid-output'; reason: string }) & { spent: Spent; lastText: string };

interface RecordedTurn extends TurnResult {
  costUsd?: number;
  startedAt: number;
  completedAt: number;
}

interface ToolBatch {
  outputs: Array<{ id: string; output: string }>;
  finished?: unknown;
}

/** Runs the session to one explicit outcome; provider failures (auth, exhausted retries) are thrown. */
export async function runAgent<T>(options: AgentOptions<T>): Promise<AgentOutcome<T>> {
  const { host } = options;
  const started = await host.record(`${options.session}/started`, async () => host.now());
  const conversation = new Conversation(host.mask, options.contextTokens);
  conversation.user(options.task);
  const sdkTools = toolSet(options);
  const guard = new LoopGuard();
  const spent = nothingSpent();
  let invalidTurns = 0;
  let lastText = '';
  for (let n = 1; ; n++) {
    const exhausted = budgetExhausted(options.limits, spent, host.now() - started);
    if (exhausted) return { kind: 'budget', reason: exhausted, spent, lastText };
    const turn = await host.record(`${options.session}/turn-${n}`, () => callModel(options, conversation, sdkTools, n));
    spend(spent, { prompt: turn.usage.prompt, completion: turn.usage.completion, ...(turn.costUsd !== undefined && { costUsd: turn.costUsd }) });
    lastText = turn.text || lastText;
    conversation.assistant(turn.text, turn.toolCalls);
    if (turn.toolCalls.length === 0) {
      if (++invalidTurns > (options.maxInvalidTurns ?? 3)) return { kind: 'invalid-output', reason: 'the model kept answering without calling a tool or `finish`', spent, lastText };
      conversation.user('Continue with the tools, and call `finish` with your answer when you are done.');
      continue;
    }
    const verdicts = turn.toolCalls.map((c) => guard.observe(c.name, c.input, options.tools.find((t) => t.name === c.name)?.mutates ?? false));
    const stop = verdicts.find((v) => v.kind === 'stop');
    if (stop?.kind === 'stop') return { kind: 'loop', reason: stop.reason, spent, lastText };
    const batch = await host.record(`${options.session}/tools-${n}`, () => executeCalls(options, turn.toolCalls, verdicts, n));
    conversation.toolResults(batch.outputs.map((o) => ({ call: turn.toolCalls.find((c) => c.id === o.id)!, output: o.output })));
    if (batch.finished !== undefined) return { kind: 'finished', result: options.finish.input.parse(batch.finished), spent, lastText };
    invalidTurns = turn.toolCalls.every((c) => c.invalid !== undefined) ? invalidTurns + 1 : 0;
    if (invalidTurns > (options.maxInvalidTurns ?? 3)) return { kind: 'invalid-output', reason: 'the model kept calling tools with invalid arguments', spent, lastText };
  }
}

function toolSet<T>(options: AgentOptions<T>): ToolSet {
  const set: ToolSet = {};
  for (const t of options.tools) set[t.name] = tool({ description: t.description, inputSchema: t.input });
  set.finish = tool({ description: options.finish.description, inputSchema: options.finish.input });
  return set;
}

async function callModel<T>(options: AgentOptions<T>, conversation: Conversation, tools: ToolSet, n: number): Promise<RecordedTurn> {
  const { host } = options;
  const startedAt = host.now();
  const input = conversation.forTrace();
  const result = await options.retry((signal) => modelTurn({
    model: options.model, system: options.system, messages: conversation.messages, tools, ...((signal ?? host.signal) && { signal: signal ?? host.signal }),
    onText: (delta) => host.log(delta),
  }));
  if (result.text) host.log('\n');
  const completedAt = host.now();
  const cost = options.price?.(result.usage);
  host.announce({
    kind: 'model-call',
    call: {
      runId: host.runId, stepKey: host.stepKey, attempt: host.attempt, callId: `${options.session}/turn-${n}`, startedAt, completedAt,
      provider: options.provider, model: options.modelName, input: [{ role: 'system', content: host.mask(options.system) }, ...input],
      output: [{ role: 'assistant', content: host.mask(result.text), ...(result.toolCalls.length > 0 && { toolCalls: result.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: host.mask(JSON.stringify(c.input)) })) }) }],
      usage: { prompt: result.usage.prompt, completion: result.usage.completion, total: result.usage.prompt + result.usage.completion },
      ...(cost && { cost }),
    },
  });
  return { ...result, ...(cost && { costUsd: cost.total }), startedAt, completedAt };
}

async function executeCalls<T>(options: AgentOptions<T>, calls: TurnToolCall[], verdicts: LoopVerdict[], n: number): Promise<ToolBatch> {
  const batch: ToolBatch = { outputs: [] };
  for (const [i, call] of calls.entries()) {
    const startedAt = options.host.now();
    const { output, finished } = await executeCall(options, call);
    const verdict = verdicts[i]!;
    // Masked before it is recorded: the record is stored in the run's history.
    const text = options.host.mask(verdict.kind === 'warn' ? `${output}\n\n${verdict.note}` : output);
    batch.outputs.push({ id: call.id, output: text });
    if (finished !== undefined) batch.finished = finished;
    announceTool(options, call, text, startedAt, `${options.session}/turn-${n}`);
  }
  return batch;
}

async function executeCall<T>(options: AgentOptions<T>, call: TurnToolCall): Promise<{ output: string; finished?: unknown }> {
  const { host } = options;
  if (call.invalid !== undefined) return { output: `Error: this call could not be used: ${call.invalid}` };
  if (call.name === 'finish') {
    const parsed = options.finish.input.safeParse(call.input);
    if (!parsed.success) return { output: `Error: the answer does not match the expected shape: ${issuesText(parsed.error)}` };
    return { output: 'Answer received.', finished: parsed.data };
  }
  const found = options.tools.find((t) => t.name === call.name);
  if (!found) return { output: `Error: there is no tool "${call.name}"; the tools are ${options.tools.map((t) => t.name).join(', ')}, finish.` };
  const parsed = found.input.safeParse(call.input);
  if (!parsed.success) return { output: `Error: invalid arguments for ${call.name}: ${issuesText(parsed.error)}` };
  host.log(`→ ${call.name} ${host.mask(JSON.stringify(call.input)).slice(0, 200)}\n`);
  return { output: await found.execute(parsed.data) };
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function announceTool<T>(options: AgentOptions<T>, call: TurnToolCall, output: string, startedAt: number, parentCallId: string): void {
  const { host } = options;
  const description = options.tools.find((t) => t.name === call.name)?.description;
  host.announce({
    kind: 'tool-call',
    call: {
      runId: host.runId, stepKey: host.stepKey, attempt: host.attempt, callId: `${parentCallId}/${call.id}`, parentCallId, startedAt, completedAt: host.now(),
      name: call.name, ...(description && { description }), input: host.mask(JSON.stringify(call.input)), output: host.mask(output),
      ...(output.startsWith('Error:') && { error: host.mask(output.slice(0, 500)) }),
    },
  });
}
