/** The AI steps (`uses: autodevops/<name>@v1`) and the runtime they run on. */
import type { StepExecutor } from '../../engine/ports/step.ts';
import type { AiRuntime } from './ai-runtime.ts';
import { codeStep } from './code-step.ts';
import { fixStep } from './fix-step.ts';
import { planStep } from './plan-step.ts';
import { reviewStep } from './review-step.ts';
import { testGenStep } from './test-gen-step.ts';

export type { AiRuntime, StepModel, ToolKit } from './ai-runtime.ts';
export { createAiRuntime, type AiRuntimeOptions } from './runtime.ts';
export { parseAiSection, type AiSection } from './runtime-config.ts';

/** Every AI step by its `uses:` name (without `@ref`). */
export function aiSteps(runtime: AiRuntime): Record<string, StepExecutor> {
  return {
    'autodevops/plan': planStep(runtime),
    'autodevops/code': codeStep(runtime),
    'autodevops/review': reviewStep(runtime),
    'autodevops/fix': fixStep(runtime),
    'autodevops/test-gen': testGenStep(runtime),
  };
}
