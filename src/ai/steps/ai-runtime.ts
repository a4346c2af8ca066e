/**
 * What AI steps need from the outside, in one interface: a model for the step, a sandbox, the tools
 * bound to a workspace, and the default budgets. `createAiRuntime` (runtime.ts) builds the real one
 * from the environment and autodevops.yml; tests may build one around a scripted server.
 */
import type { LanguageModel } from 'ai';
import type { StepContext } from '../../engine/ports/step.ts';
import type { BoundTool } from '../agent/agent-loop.ts';
import type { BudgetLimits } from '../agent/budget.ts';
import type { TurnResult } from '../agent/model-turn.ts';
import type { Sandbox } from '../sandbox/index.ts';

/** The model a step talks to, with its retry policy and prices. */
export interface StepModel {
  model: LanguageModel;
  /** For traces and metrics: `openai`, `anthropic`, `google`, or the compatible endpoint's name. */
  provider: string;
  modelName: string;
  /** Retries a model call by our policy; `call` gets each attempt's signal (step cancellation plus the per-call time limit). */
  retry<R>(call: (signal?: AbortSignal) => Promise<R>): Promise<R>;
  price(usage: TurnResult['usage']): { prompt: number; completion: number; total: number; priceTable: string } | undefined;
}

/** Which tools a session gets: read-only ones, or the full coding set (edits and commands). */
export type ToolKit = 'read' | 'code';

/** The AI layer's dependencies. */
export interface AiRuntime {
  /** The model for this step; ADO_AI_NOT_CONFIGURED (before anything starts) when none is configured. */
  model(ctx: StepContext): Promise<StepModel>;
  /** A health-checked sandbox for `workspace`; ADO_SANDBOX_UNAVAILABLE when none can start and unsandboxed is not allowed. */
  sandbox(ctx: StepContext, workspace: string, options: { network: boolean }): Promise<Sandbox>;
  /** The tools of a kit, bound to a workspace (commands run in `sandbox`). */
  tools(kit: ToolKit, workspace: string, sandbox: Sandbox | undefined, signal: AbortSignal): BoundTool[];
  /** A map of the repository's files and symbols within a token budget. */
  repositoryMap(workspace: string, tokenBudget: number): Promise<string>;
  /** Budgets when the step sets none. */
  defaultLimits: BudgetLimits;
  /** Budgets of all AI steps of a run together (time excepted), when configured. */
  runLimits?: BudgetLimits;
}
