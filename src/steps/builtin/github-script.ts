/**
 * `actions/github-script`: runs `script` as the body of an async function with `github` (an
 * Octokit client when `github-token`, the GITHUB_TOKEN secret or GITHUB_TOKEN is set; otherwise a
 * stub that says so on first use), `context`, `core`, `exec`, `glob`, `io` and `require`. The
 * script is the workflow author's code, so it runs in a child Node process (its own process tree,
 * killed on cancel or timeout), never inside the engine. Output `result` per `result-encoding`.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { runProcessTree } from '../process-tree.ts';
import { createEnvFiles, envFilePaths, envFileVariables, readEnvFiles } from '../run/env-files.ts';
import { WorkflowCommandProcessor } from '../run/workflow-commands.ts';
import { stringInput } from './inputs.ts';
import { runnerSource, type ScriptRunnerInput } from './github-script-runner.ts';
import { githubOf } from './workspace.ts';

/** The `context` object of @actions/github, from the run's `github` context (`repo`/`issue` are derived in the child). */
export function scriptContext(ctx: StepContext): Record<string, unknown> {
  const g = githubOf(ctx);
  const text = (name: string): string => stringInput(g, name);
  return {
    payload: g.event ?? {}, eventName: text('event_name'), sha: text('sha'), ref: text('ref'), workflow: text('workflow'),
    action: ctx.env.GITHUB_ACTION ?? ctx.step.id, actor: text('actor'), job: text('job'),
    runAttempt: Number(text('run_attempt') || 1), runNumber: Number(text('run_number') || 1),
    // Local run ids are not numbers; scripts get the id as autodevops shows it.
    runId: text('run_id'), apiUrl: text('api_url'), serverUrl: text('server_url'), graphqlUrl: text('graphql_url'), repository: text('repository'),
  };
}

/** Where @octokit/rest is installed, for the child to load; undefined when it is not. */
function octokitPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@octokit/rest');
  } catch {
    return undefined;
  }
}

function tokenOf(ctx: StepContext): string {
  const secrets = (ctx.contexts.secrets ?? {}) as Record<string, string | undefined>;
  return stringInput(ctx.step.with, 'github-token') || secrets.GITHUB_TOKEN || ctx.env.GITHUB_TOKEN || '';
}

/** INPUT_<NAME> variables, as the runner passes `with:` to an action. */
function inputVariables(ctx: StepContext, token: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.step.with)) vars[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value === undefined || value === null ? '' : String(value);
  vars['INPUT_GITHUB-TOKEN'] = token;
  vars['INPUT_RESULT-ENCODING'] ??= 'json';
  return vars;
}

/** The github-script built-in. */
export const githubScript: StepExecutor = {
  repeatSafe: true,
  async execute(ctx): Promise<StepResult> {
    const script = stringInput(ctx.step.with, 'script');
    if (script === '') throw permanent('Input required and not supplied: script');
    const token = tokenOf(ctx);
    if (token !== '') ctx.addMask(token);
    const files = envFilePaths((name) => ctx.scratchFile(name));
    const inputFile = ctx.scratchFile('github-script-input.json');
    const runnerFile = ctx.scratchFile('github-script-runner.mjs');
    const input: ScriptRunnerInput = {
      script, encoding: stringInput(ctx.step.with, 'result-encoding', 'json'), context: scriptContext(ctx), octokitPath: octokitPath(),
      baseUrl: stringInput(ctx.step.with, 'base-url', stringInput(githubOf(ctx), 'api_url', 'https://api.github.com')),
      userAgent: stringInput(ctx.step.with, 'user-agent', 'actions/github-script'),
      previews: stringInput(ctx.step.with, 'previews').split(',').map((p) => p.trim()).filter(Boolean),
      debug: stringInput(ctx.step.with, 'debug') === 'true',
    };
    await Promise.all([writeFile(inputFile, JSON.stringify(input)), writeFile(runnerFile, runnerSource(inputFile)), createEnvFiles(files)]);
    const env = { ...ctx.env, ...Object.fromEntries(Object.entries(ctx.state).map(([k, v]) => [`STATE_${k}`, v])), ...envFileVariables(files), ...inputVariables(ctx, token) };
    env.PATH = [...ctx.path, ctx.env.PATH ?? ''].filter(Boolean).join(path.delimiter);
    return runScript(ctx, runnerFile, env, files);
  },
};

async function runScript(ctx: StepContext, runnerFile: string, processEnv: Record<string, string>, files: ReturnType<typeof envFilePaths>): Promise<StepResult> {
  const commands = new WorkflowCommandProcessor(ctx, { workspace: processEnv.GITHUB_WORKSPACE, debug: processEnv.RUNNER_DEBUG === '1' });
  const exit = await runProcessTree({
    command: process.execPath, args: [runnerFile], cwd: ctx.step.workingDirectory, env: processEnv, signal: ctx.signal,
    onStdout: (chunk) => commands.write('stdout', chunk), onStderr: (chunk) => commands.write('stderr', chunk),
  });
  if (exit.aborted) throw ctx.signal.reason;
  commands.end();
  const said = commands.results();
  const wrote = await readEnvFiles(files);
  const firstError = said.annotations.find((a) => a.level === 'error')?.message;
  const failed = exit.exitCode !== 0 || said.failure !== undefined || wrote.failure !== undefined;
  const env = { ...said.env, ...wrote.env };
  const state = { ...said.state, ...wrote.state };
  const pathAdded = [...wrote.path, ...said.path.filter((p) => !wrote.path.includes(p))];
  return {
    outcome: failed ? 'failure' : 'success',
    outputs: { ...said.outputs, ...wrote.outputs },
    ...(Object.keys(env).length > 0 && { env }),
    ...(pathAdded.length > 0 && { path: pathAdded }),
    ...(Object.keys(state).length > 0 && { state }),
    ...(wrote.summary !== undefined && { summary: wrote.summary }),
    ...(said.annotations.length > 0 && { annotations: said.annotations }),
    ...(failed && { error: said.failure ?? wrote.failure ?? firstError ?? `Process completed with exit code ${exit.exitCode}.` }),
    exitCode: exit.exitCode,
  };
}
