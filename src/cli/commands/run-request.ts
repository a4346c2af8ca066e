/**
 * `autodevops run` flags → RunRequest. Everything that can be wrong with the command line (files,
 * key=value pairs, the event/path positionals) is checked here, before any state is touched.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunRequest } from '../../app-api.ts';
import { AutodevopsError } from '../../core/errors.ts';
import { readDotenvFile } from '../dotenv.ts';
import type { Flags } from '../options.ts';

/** Where workflows are looked up when `run` gets no path. */
export const defaultWorkflowPath = '.github/workflows';

const eventName = /^[a-z][a-z_]*$/;

/** The run request the flags and positionals describe; dotenv files are read relative to `cwd`. */
export async function buildRunRequest(flags: Flags, positionals: string[], cwd: string): Promise<RunRequest> {
  const { event, workflowPath } = splitPositionals(flags.event, positionals, cwd);
  const request: RunRequest = { workflowPath };
  if (event !== undefined) request.event = event;
  if (flags['event-path'] !== undefined) request.eventPath = flags['event-path'];
  if (flags.workdir !== undefined) request.workdir = resolve(cwd, flags.workdir);
  if (flags.job !== undefined) request.jobs = flags.job;
  if (flags.input !== undefined) request.inputs = flags.input;
  if (flags.matrix !== undefined) request.matrix = flags.matrix;
  if (flags['skip-unsupported']) request.skipUnsupported = true;
  const secrets = await merged('--secret-file', flags['secret-file'], flags.secret, cwd);
  const vars = await merged('--var-file', flags['var-file'], flags.var, cwd);
  const env = await merged('--env-file', flags['env-file'], flags.env, cwd);
  if (secrets) request.secrets = secrets;
  if (vars) request.vars = vars;
  if (env) request.env = env;
  return request;
}

async function merged(flag: string, file: string | undefined, given: Record<string, string> | undefined, cwd: string): Promise<Record<string, string> | undefined> {
  if (file === undefined) return given;
  return { ...(await readDotenvFile(flag, file, cwd)), ...given };
}

/**
 * act style: `run push` names the event when `push` is not an existing path; `run push ci.yml`
 * gives both. A path that does not exist and does not look like an event is left for the App to
 * report (ADO_WORKFLOW_NOT_FOUND).
 */
export function splitPositionals(eventFlag: string | undefined, positionals: string[], cwd: string): { event?: string; workflowPath: string } {
  const [first, second] = positionals;
  if (first === undefined) return { event: eventFlag, workflowPath: defaultWorkflowPath };
  const firstIsPath = existsSync(resolve(cwd, first));
  if (second === undefined && (firstIsPath || !eventName.test(first))) return { event: eventFlag, workflowPath: first };
  if (second !== undefined && firstIsPath) {
    throw new AutodevopsError('ADO_USAGE', `autodevops run takes one workflow path; "${first}" is a path, so "${second}" is one too many`);
  }
  if (eventFlag !== undefined) {
    throw new AutodevopsError('ADO_USAGE', `the event is given twice: "${first}" and --event ${eventFlag}`, { hint: 'Give the event once, either as the first argument or with --event.' });
  }
  return { event: first, workflowPath: second ?? defaultWorkflowPath };
}
