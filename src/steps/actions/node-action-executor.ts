/**
 * JavaScript actions (`runs.using: node12 | node16 | node20 | node24`), run with our own Node
 * (`process.execPath`) whatever version they ask for. Each phase (`pre`, `main`, `post`) is one
 * process, started in the workspace, with the environment GitHub's runner gives actions:
 * `INPUT_*`, `GITHUB_ACTION_PATH`, `GITHUB_ACTION_REPOSITORY`, `GITHUB_ACTION_REF`, the environment
 * files, and `STATE_*` saved by an earlier phase. That is all `@actions/core` needs, so published
 * actions run unmodified.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepResult } from '../../engine/ports/step.ts';
import { inputVariables, resolveActionInputs } from './action-inputs.ts';
import type { LoadedAction } from './action-manifest.ts';
import { runProcessStep, type ProcessStepOptions } from '../process-step.ts';

/** A phase of a JavaScript action. */
export type NodePhase = 'pre' | 'main' | 'post';

/** Options for running JavaScript actions. */
export interface NodeActionOptions extends ProcessStepOptions {
  /** The Node executable; default the one running autodevops. */
  nodePath?: string;
}

/** Runs one phase. The main phase asks for the post phase when the action has one (whatever its outcome). */
export async function runNodeAction(ctx: StepContext, action: LoadedAction, phase: NodePhase, options: NodeActionOptions = {}): Promise<StepResult> {
  const runs = action.manifest.runs;
  const script = phase === 'main' ? runs.main : runs[phase];
  if (script === undefined) return { outcome: 'success', outputs: {} };
  const file = resolve(action.dir, script);
  if (!existsSync(file)) throw permanent(`The ${phase === 'main' ? 'entry' : phase} file of ${action.uses} does not exist: ${file} (runs.${phase} in its action.yml)`);
  const inputs = resolveActionInputs(ctx, action.manifest);
  const result = await runProcessStep(ctx, {
    command: options.nodePath ?? process.execPath,
    args: [file],
    cwd: ctx.env.GITHUB_WORKSPACE ?? ctx.step.workingDirectory,
    env: { ...inputVariables(inputs.values), ...actionVariables(action) },
  }, options);
  if (phase === 'main' && inputs.warnings.length > 0) result.annotations = [...inputs.warnings, ...(result.annotations ?? [])];
  if (phase === 'main' && runs.post !== undefined) result.post = { name: `Post ${ctx.step.name}`, if: runs.postIf ?? 'always()' };
  return result;
}

/** The variables that tell an action where it is and which it is. */
export function actionVariables(action: LoadedAction): Record<string, string> {
  return { GITHUB_ACTION_PATH: action.dir, GITHUB_ACTION_REPOSITORY: action.repository, GITHUB_ACTION_REF: action.ref };
}
