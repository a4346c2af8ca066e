/**
 * An agent session inside a step: binds the loop to the step's durable record, announcements,
 * masking and log, and turns the outcome into a clear step result when it is not a finished answer.
 */
import type { z } from 'zod';
import type { StepContext } from '../../engine/ports/step.ts';
import { runAgent, type AgentOutcome, type BoundTool } from '../agent/agent-loop.ts';
import type { BudgetLimits, Spent } from '../agent/budget.ts';
import type { AiRuntime, StepModel } from './ai-runtime.ts';
import { budgetInputs, type StepWith } from './step-inputs.ts';

/** One session's request. */
export interface SessionRequest<T> {
  session: string;
  system: string;
  task: string;
  tools: BoundTool[];
  finish: { description: string; input: z.ZodType<T> };
  limits: BudgetLimits;
}

/** Runs one agent session for the step. */
export function runSession<T>(ctx: StepContext, model: StepModel, request: SessionRequest<T>): Promise<AgentOutcome<T>> {
  return runAgent({
    ...request, model: model.model, provider: model.provider, modelName: model.modelName, retry: (call) => model.retry(call),
    price: (usage) => model.price(usage),
    host: {
      runId: ctx.runId, stepKey: ctx.stepKey, attempt: ctx.attempt, signal: ctx.signal,
      record: (name, compute) => ctx.durable.record(name, compute), announce: (event) => ctx.announce(event),
      mask: (text) => ctx.mask(text), log: (text) => ctx.log('stdout', text), now: () => ctx.clock.now(),
    },
  });
}

/** What is left of `limits` after `spent` (for several sessions sharing one step budget). */
export function remaining(limits: BudgetLimits, spent: Spent, elapsedMs: number): BudgetLimits {
  const left: BudgetLimits = {};
  if (limits.maxTurns !== undefined) left.maxTurns = Math.max(0, limits.maxTurns - spent.turns);
  if (limits.maxTokens !== undefined) left.maxTokens = Math.max(0, limits.maxTokens - spent.promptTokens - spent.completionTokens);
  if (limits.maxCostUsd !== undefined) left.maxCostUsd = Math.max(0, limits.maxCostUsd - spent.costUsd);
  if (limits.maxMs !== undefined) left.maxMs = Math.max(0, limits.maxMs - elapsedMs);
  return left;
}

/** Adds a session's spending to a step total. */
export function addSpent(total: Spent, more: Spent): void {
  total.turns += more.turns;
  total.promptTokens += more.promptTokens;
  total.completionTokens += more.completionTokens;
  total.costUsd += more.costUsd;
  total.unpricedCalls += more.unpricedCalls;
}

/** A one-line account of what a session spent. */
export function spentText(spent: Spent): string {
  const cost = spent.unpricedCalls === spent.turns && spent.turns > 0 ? 'cost unknown' : `$${spent.costUsd.toFixed(4)}`;
  return `${spent.turns} turns, ${spent.promptTokens + spent.completionTokens} tokens, ${cost}`;
}

function tighter(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** The step's budget from its inputs and the defaults, tightened by what the run's budget has left. */
export function stepLimits(ctx: StepContext, runtime: AiRuntime, step: string, inputs: StepWith): BudgetLimits {
  const limits = budgetInputs(step, inputs, runtime.defaultLimits);
  if (!runtime.runLimits) return limits;
  const used = ctx.runUsage();
  const elapsed = ctx.clock.now() - ctx.runStartedAt();
  const left = remaining(runtime.runLimits, { turns: used.calls, promptTokens: used.promptTokens, completionTokens: used.completionTokens, costUsd: used.costUsd, unpricedCalls: used.unpricedCalls }, elapsed);
  const result: BudgetLimits = {};
  for (const key of ['maxTurns', 'maxTokens', 'maxCostUsd', 'maxMs'] as const) {
    const value = tighter(limits[key], left[key]);
    if (value !== undefined) result[key] = value;
  }
  return result;
}
