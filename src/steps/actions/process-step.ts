/**
 * One program run as a step phase, with everything the runner gives a process: the environment
 * files (`$GITHUB_OUTPUT`, `$GITHUB_ENV`, `$GITHUB_PATH`, `$GITHUB_STATE`, `$GITHUB_STEP_SUMMARY`),
 * `STATE_*` from the phase before, workflow commands on stdout/stderr, the step's timeout and
 * cancellation killing the whole process tree. The `run:` executor does the same around a shell;
 * this is the same assembly of the run/ pieces for JavaScript actions.
 */
import { mkdir } from 'node:fs/promises';
import { delimiter } from 'node:path';
import type { Annotation } from '../../core/events.ts';
import { failureKind, permanent, StepFailure } from '../../core/failure.ts';
import type { StepContext, StepResult } from '../../engine/ports/step.ts';
import { runProcessTree, type ProcessTreeResult } from '../process-tree.ts';
import { createEnvFiles, envFilePaths, envFileVariables, readEnvFiles, type EnvFileResults } from '../run/env-files.ts';
import { WorkflowCommandProcessor, type WorkflowCommandOptions, type WorkflowCommandResults } from '../run/workflow-commands.ts';

/** What to run. */
export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  /** Variables on top of the step's environment (INPUT_*, GITHUB_ACTION_PATH, …). */
  env: Record<string, string>;
}

/** Process handling; defaults as for `run:` steps. */
export interface ProcessStepOptions {
  killGraceMs?: number;
  drainMs?: number;
}

/** Runs the program and maps its exit, files and commands to a StepResult, as GitHub does. */
export async function runProcessStep(ctx: StepContext, spec: ProcessSpec, options: ProcessStepOptions = {}): Promise<StepResult> {
  if (ctx.signal.aborted) throw abortFailure(ctx, false);
  const files = envFilePaths(ctx.tempDir);
  await mkdir(ctx.tempDir, { recursive: true });
  await createEnvFiles(files);
  const env: Record<string, string> = { ...ctx.env, ...spec.env };
  for (const [name, value] of Object.entries(ctx.state)) env[`STATE_${name}`] = value;
  Object.assign(env, envFileVariables(files));
  env.PATH = [...ctx.path, ctx.env.PATH ?? process.env.PATH ?? ''].filter((p) => p !== '').join(delimiter);
  const commands = new WorkflowCommandProcessor(ctx, commandOptions(env));
  const exit = await runWithDeadline(ctx, spec, env, commands, options);
  commands.end();
  return buildResult(ctx, exit.exitCode, commands.results(), await readEnvFiles(files));
}

/** The runner's switches, read from the step's environment. */
function commandOptions(env: Record<string, string>): WorkflowCommandOptions {
  const lower = (name: string): string => (env[name] ?? '').trim().toLowerCase();
  return {
    allowUnsecureCommands: lower('ACTIONS_ALLOW_UNSECURE_COMMANDS') === 'true',
    allowUnsecureStopTokens: ['1', 'true', '$true'].includes(lower('ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS')),
    debug: lower('ACTIONS_STEP_DEBUG') === 'true' || lower('RUNNER_DEBUG') === '1',
    workspace: env.GITHUB_WORKSPACE,
  };
}

async function runWithDeadline(ctx: StepContext, spec: ProcessSpec, env: Record<string, string>, commands: WorkflowCommandProcessor, options: ProcessStepOptions): Promise<ProcessTreeResult> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = ctx.step.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = !controller.signal.aborted;
    controller.abort();
  }, ctx.step.timeoutMs);
  try {
    const result = await runProcessTree({
      command: spec.command, args: spec.args, cwd: spec.cwd, env, signal: controller.signal, killGraceMs: options.killGraceMs, drainMs: options.drainMs,
      onStdout: (chunk) => commands.write('stdout', chunk), onStderr: (chunk) => commands.write('stderr', chunk),
    }).catch((e: unknown) => {
      throw permanent(`An error occurred trying to start process '${spec.command}' with working directory '${spec.cwd}'. ${(e as Error).message}`, e);
    });
    if (ctx.signal.aborted || result.aborted) throw abortFailure(ctx, timedOut);
    return result;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** The failure for an aborted phase: our own deadline, or whatever the engine's signal says. */
function abortFailure(ctx: StepContext, timedOut: boolean): StepFailure {
  const reason: unknown = ctx.signal.reason;
  if (!timedOut) {
    const kind = failureKind(reason);
    if (kind === 'timeout' || kind === 'cancelled') return reason as StepFailure;
    return new StepFailure('cancelled', 'The operation was canceled.', { cause: reason });
  }
  const minutes = Number(((ctx.step.timeoutMs ?? 0) / 60_000).toFixed(2));
  return new StepFailure('timeout', `The step exceeded its timeout of ${minutes} minute${minutes === 1 ? '' : 's'}`);
}

function buildResult(ctx: StepContext, exitCode: number, commands: WorkflowCommandResults, files: EnvFileResults): StepResult {
  for (const p of files.problems) ctx.log('system', `##[${p.level}]${p.message}\n`);
  const annotations: Annotation[] = [...commands.annotations, ...files.problems.map((p) => ({ level: p.level, message: p.message }))];
  let error = commands.failure ?? files.failure;
  if (exitCode !== 0) {
    error = `Process completed with exit code ${exitCode}.`;
    ctx.log('system', `##[error]${error}\n`);
  }
  // The files are read after the commands ran, so their values win, as on GitHub.
  const env = { ...commands.env, ...files.env };
  const state = { ...commands.state, ...files.state };
  const path = [...files.path, ...commands.path.filter((p) => !files.path.includes(p))];
  return {
    outcome: error === undefined ? 'success' : 'failure',
    outputs: { ...commands.outputs, ...files.outputs },
    ...(Object.keys(env).length > 0 && { env }),
    ...(path.length > 0 && { path }),
    ...(Object.keys(state).length > 0 && { state }),
    ...(files.summary !== undefined && { summary: files.summary }),
    ...(annotations.length > 0 && { annotations }),
    ...(error !== undefined && { error }),
    exitCode,
  };
}
