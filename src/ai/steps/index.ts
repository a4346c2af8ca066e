/** The AI steps (`uses: autodevops/<name>@v1`) and the runtime they run on. */
import type { StepExecutor } from '../../engine/ports/step.ts';
import type { AiRuntime } from './ai-runtime.ts';

export type { AiRuntime, StepModel, ToolKit } from './ai-runtime.ts';
export type { AiRuntimeOptions } from './runtime.ts';
export type { AiSection } from './runtime-config.ts';

/**
 * A step whose module — and with it the AI SDK, zod and the runtime — is loaded when it first runs,
 * so commands and workflows without AI steps never pay for them. Every AI step is repeat-safe.
 */
function lazy(runtime: () => Promise<AiRuntime>, load: () => Promise<(runtime: AiRuntime) => StepExecutor>): StepExecutor {
  let executor: Promise<StepExecutor> | undefined;
  const ready = (): Promise<StepExecutor> => (executor ??= Promise.all([runtime(), load()]).then(([r, make]) => make(r)));
  return { repeatSafe: true, execute: async (ctx) => (await ready()).execute(ctx) };
}

/** Every AI step by its `uses:` name (without `@ref`), on the runtime `runtime` resolves to (made on first use). */
export function aiSteps(runtime: () => Promise<AiRuntime>): Record<string, StepExecutor> {
  return {
    'autodevops/plan': lazy(runtime, async () => (await import('./plan-step.ts')).planStep),
    'autodevops/code': lazy(runtime, async () => (await import('./code-step.ts')).codeStep),
    'autodevops/review': lazy(runtime, async () => (await import('./review-step.ts')).reviewStep),
    'autodevops/fix': lazy(runtime, async () => (await import('./fix-step.ts')).fixStep),
    'autodevops/test-gen': lazy(runtime, async () => (await import('./test-gen-step.ts')).testGenStep),
  };
}
