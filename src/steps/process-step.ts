/**
 * One program run as a step phase, with everything the runner gives a process: the environment
 * files (`$GITHUB_OUTPUT`, `$GITHUB_ENV`, `$GITHUB_PATH`, `$GITHUB_STATE`, `$GITHUB_STEP_SUMMARY`),
 * `STATE_*` from the phase before, workflow commands on stdout/stderr, and the step's timeout and
 * cancellation killing the whole process tree. `run:` steps (a shell and a script) and JavaScript
 * actions (node and the action's file) are both this.
 */
import { writeFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { delimiter, dirname } from 'node:path';
import type { Annotation } from '../core/events.ts';
import { failureKind, permanent, StepFailure } from '../core/failure.ts';
import type { StepContext, StepResult } from '../engine/ports/step.ts';
import { runProcessTree, type ProcessTreeResult } from './process-tree.ts';
import { envFilePaths, envFileVariables, readEnvFiles, type EnvFilePaths, type EnvFileResults } from './run/env-files.ts';
import { WorkflowCommandProcessor, type WorkflowCommandOptions, type WorkflowCommandResults } from './run/workflow-commands.ts';

/** What to run. */
export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  /** Variables on top of the step's environment (INPUT_*, GITHUB_ACTION_PATH, …). */
  env?: Record<string, string>;
  /** Files to write first (a `run:` step's script), with the environment files. */
  files?: Array<{ path: string; contents: string }>;
}

/** Process handling. */
export interface ProcessStepOptions {
  /** Time between SIGTERM and SIGKILL when a step is cancelled or times out; default 2500 ms. */
  killGraceMs?: number;
  /** How long output held open by background children is read after the program exits; default 5000 ms. */
  drainMs?: number;
}

/** `PATH` for the step: `$GITHUB_PATH` additions first, then the environment's. */
export function stepPath(ctx: StepContext): string {
  return [...ctx.path, ctx.env.PATH ?? process.env.PATH ?? ''].filter((p) => p !== '').join(delimiter);
}

/** Runs the program and maps its exit, files and commands to a StepResult, as GitHub does. */
export async function runProcessStep(ctx: StepContext, spec: ProcessSpec, options: ProcessStepOptions = {}): Promise<StepResult> {
  if (ctx.signal.aborted) throw abortFailure(ctx, false);
  const files = envFilePaths((name) => ctx.scratchFile(name));
  await prepareFiles(spec.files ?? [], files);
  const env = { ...processEnv(ctx, stepPath(ctx), files), ...spec.env };
  const commands = new WorkflowCommandProcessor(ctx, commandOptions(env));
  const exit = await runWithDeadline(ctx, spec, env, commands, options);
  commands.end();
  return buildResult(ctx, exit.exitCode, commands.results(), await readEnvFiles(files));
}

/** Writes the given files and (empty) environment files at once; creates their directory only when missing. */
async function prepareFiles(extra: Array<{ path: string; contents: string }>, files: EnvFilePaths): Promise<void> {
  // Synchronous on purpose: six tiny files cost less than six trips through the thread pool (bench S1).
  const write = async (): Promise<void> => {
    for (const f of extra) writeFileSync(f.path, f.contents);
    for (const p of Object.values(files) as string[]) writeFileSync(p, '');
  };
  try {
    await write();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // A step may have emptied RUNNER_TEMP.
    await mkdir(dirname(files.output), { recursive: true });
    await write();
  }
}

/** Runs the program under the step's own deadline and the engine's signal. */
async function runWithDeadline(ctx: StepContext, spec: ProcessSpec, env: Record<string, string>, commands: WorkflowCommandProcessor, options: ProcessStepOptions): Promise<ProcessTreeResult> {
  // The signal may have fired while the files were being written, before anyone listened.
  if (ctx.signal.aborted) throw abortFailure(ctx, false);
  const deadline = stepDeadline(ctx);
  try {
    const result = await runProcessTree({
      command: spec.command, args: spec.args, cwd: spec.cwd, env,
      signal: deadline.signal, killGraceMs: options.killGraceMs, drainMs: options.drainMs,
      onStdout: (chunk) => commands.write('stdout', chunk), onStderr: (chunk) => commands.write('stderr', chunk),
    }).catch((e: unknown) => startFailure(e, spec.command, spec.cwd));
    if (result.aborted) throw abortFailure(ctx, deadline.timedOut());
    return result;
  } finally {
    deadline.dispose();
  }
}

function processEnv(ctx: StepContext, pathValue: string, files: EnvFilePaths): Record<string, string> {
  const env: Record<string, string> = { ...ctx.env };
  for (const [name, value] of Object.entries(ctx.state)) env[`STATE_${name}`] = value;
  Object.assign(env, envFileVariables(files));
  env.PATH = pathValue;
  return env;
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

/** A signal that fires on the engine's abort or when `step.timeoutMs` has passed, and which of them it was. */
function stepDeadline(ctx: StepContext): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const onTimeout = (): void => {
    if (controller.signal.aborted) return;
    timedOut = true;
    controller.abort();
  };
  const timer = ctx.step.timeoutMs === undefined ? undefined : setTimeout(onTimeout, ctx.step.timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Why the process could not start, in the runner's words. */
async function startFailure(e: unknown, command: string, cwd: string): Promise<never> {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
    throw permanent(`An error occurred trying to start process '${command}' with working directory '${cwd}'. ${(e as Error).message}`, e);
  }
  const cwdExists = await stat(cwd).then((s) => s.isDirectory(), () => false);
  if (cwdExists) throw permanent(`File not found: '${command}'`, e);
  throw permanent(`An error occurred trying to start process '${command}' with working directory '${cwd}'. No such file or directory`, e);
}

/** The failure for an aborted step: our own deadline, or whatever the engine's signal says. */
function abortFailure(ctx: StepContext, timedOut: boolean): StepFailure {
  const reason: unknown = ctx.signal.reason;
  if (!timedOut) {
    const kind = failureKind(reason);
    if (kind === 'timeout' || kind === 'cancelled') return reason as StepFailure;
    if ((reason as { name?: unknown } | undefined)?.name !== 'TimeoutError') {
      return new StepFailure('cancelled', 'The operation was canceled.', { cause: reason });
    }
  }
  const ms = ctx.step.timeoutMs;
  if (ms === undefined) return new StepFailure('timeout', 'The step timed out.', { cause: reason });
  const minutes = Number((ms / 60_000).toFixed(2));
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
