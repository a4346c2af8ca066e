/**
 * The `run:` step kind: writes the script into the step's temp directory, starts it with the shell
 * table of shells.ts, streams its output through the workflow-command processor into the log,
 * reads the environment files afterwards, and maps the exit to a StepResult the way GitHub does
 * (outputs written before a failure are kept). Cancellation and timeout kill the whole process tree.
 */
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { runProcessStep, stepPath, type ProcessStepOptions } from '../process-step.ts';
import { findCommand } from './find-command.ts';
import { bindScript, resolveShell, scriptContents, type ShellSpec } from './shells.ts';

/** Tuning for process handling. */
export type RunStepOptions = ProcessStepOptions;

/** A `run:` executor with the given process options. */
export function createRunStepExecutor(options: RunStepOptions = {}): StepExecutor {
  return { repeatSafe: true, execute: (ctx) => executeRun(ctx, options) };
}

/** The `run:` step kind with default options. */
export const runStepExecutor: StepExecutor = createRunStepExecutor();

async function executeRun(ctx: StepContext, options: RunStepOptions): Promise<StepResult> {
  const spec = shellFor(ctx, stepPath(ctx));
  const scriptPath = ctx.scratchFile(`script${spec.extension}`);
  const files = [{ path: scriptPath, contents: scriptContents(spec, ctx.step.run ?? '') }];
  return runProcessStep(ctx, { command: spec.command, args: bindScript(spec, scriptPath), cwd: ctx.step.workingDirectory, files }, options);
}

function shellFor(ctx: StepContext, pathValue: string): ShellSpec {
  try {
    return resolveShell(ctx.step.shell, { resolve: (command) => findCommand(command, pathValue) });
  } catch (e) {
    throw permanent(`Step '${ctx.step.name}': ${(e as Error).message}`, e);
  }
}
