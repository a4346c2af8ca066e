/**
 * Real parts for AI step tests: a git repository in a temp directory, a scripted model server over
 * HTTP (OpenAI-compatible or Anthropic protocol) and the real runtime (`createAiRuntime`) pointed at
 * it, with a bubblewrap sandbox. Steps run in a test StepContext wrapped by {@link forAiStep}.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StepContext, StepExecutor, StepResult } from '../../../engine/ports/step.ts';
import { startAnthropicServer } from '../../../../test/support/model-servers/anthropic-server.ts';
import { startOpenAiServer } from '../../../../test/support/model-servers/openai-server.ts';
import type { ModelServer, Script } from '../../../../test/support/model-servers/script.ts';
import type { AiRuntime } from '../ai-runtime.ts';
import { createAiRuntime } from '../runtime.ts';
import type { AiSection } from '../runtime-config.ts';
import { forAiStep, type AiContextExtras, type AiContextOptions } from './ai-step-context.ts';

const gitEnv: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const cleanups: Array<() => Promise<void> | void> = [];

/** Runs git in `cwd` (with a throwaway identity) and returns its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Writes `files` (path → content) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Reads a file of `root`. */
export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** A git repository on branch `main` holding `files` in one commit; removed by {@link cleanupFixtures}. */
export function tempRepo(files: Record<string, string>): string {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'ado-ai-steps-')));
  cleanups.push(() => rmSync(repo, { recursive: true, force: true }));
  writeFiles(repo, files);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'first');
  return repo;
}

/** Where the runtime's model and sandbox come from. */
export interface FixtureOptions {
  /** The protocol of the scripted server; default `openai` (an OpenAI-compatible endpoint). */
  protocol?: 'openai' | 'anthropic';
  /** The `ai:` section of autodevops.yml. */
  config?: AiSection;
  /** Environment of the runtime besides the provider variables. */
  env?: Record<string, string>;
  /** A key the server requires (and the runtime sends). */
  apiKey?: string;
}

/** A started scripted server and the real runtime pointed at it. */
export interface AiFixture {
  server: ModelServer;
  runtime: AiRuntime;
}

/** Starts a scripted server for `script` and builds the runtime; closed by {@link cleanupFixtures}. */
export async function modelFixture(script: Script, options: FixtureOptions = {}): Promise<AiFixture> {
  const anthropic = options.protocol === 'anthropic';
  const server = await (anthropic ? startAnthropicServer : startOpenAiServer)(script, options.apiKey ? { apiKey: options.apiKey } : {});
  cleanups.push(() => server.close());
  const key = options.apiKey ? { [anthropic ? 'ANTHROPIC_API_KEY' : 'AUTODEVOPS_AI_API_KEY']: options.apiKey } : {};
  const env = { AUTODEVOPS_AI_PROVIDER: anthropic ? 'anthropic' : 'openai-compatible', AUTODEVOPS_AI_BASE_URL: server.url, ...(!anthropic && { AUTODEVOPS_AI_MODEL: 'x' }), ...key, ...options.env };
  return { server, runtime: createAiRuntime({ env, ...(options.config && { config: options.config }) }) };
}

/** Makes a test StepContext (such as createTestStepContext) working in a directory. */
export type NewContext<C extends StepContext> = (options: { workingDirectory: string; env?: Record<string, string> }) => Promise<C & { cleanup(): Promise<void> }>;

/** One execution: the context (to inspect logs, masks, records, announcements) and the result. */
export interface StepRun<C extends StepContext> {
  ctx: C & AiContextExtras;
  result: StepResult;
}

/** A fresh AI step context in `repo`; cleaned up by {@link cleanupFixtures}. */
export async function aiContext<C extends StepContext>(newContext: NewContext<C>, repo: string, options: AiContextOptions & { env?: Record<string, string> } = {}): Promise<C & AiContextExtras> {
  const base = await newContext({ workingDirectory: repo, ...(options.env && { env: options.env }) });
  cleanups.push(() => base.cleanup());
  return forAiStep(base, options);
}

/** Executes `step` in a fresh context in `repo`. */
export async function runStep<C extends StepContext>(newContext: NewContext<C>, step: StepExecutor, repo: string, options: AiContextOptions & { env?: Record<string, string> } = {}): Promise<StepRun<C>> {
  const ctx = await aiContext(newContext, repo, options);
  return { ctx, result: await step.execute(ctx) };
}

/** Closes every server and removes every directory the fixtures made (call in afterEach). */
export async function cleanupFixtures(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
