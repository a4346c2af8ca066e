/**
 * Test helpers for the built-in actions: a real StepContext (temp workspace, data directory and
 * step temp directory) set up like the engine sets it for `uses:` steps, plus real git repositories
 * and fake toolchains (small executable scripts that print a version, as the real ones do).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StepExecutor, StepResult } from '../../../engine/ports/step.ts';
import { createTestStepContext, type TestStepContext } from '../../run/testing/step-context.ts';

/** What a built-in test may set. */
export interface BuiltinTestOptions {
  uses: string;
  with?: Record<string, unknown>;
  /** Defaults to the context's own temp workspace. */
  workspace?: string;
  github?: Record<string, unknown>;
  secrets?: Record<string, string>;
  env?: Record<string, string>;
  path?: string[];
  state?: Record<string, string>;
  /** Reuse this data directory (to share a cache or artifact store between contexts). */
  dataDir?: string;
  runId?: string;
}

/** A context for a `uses:` step; `github.workspace` is the workspace. */
export async function builtinContext(options: BuiltinTestOptions): Promise<TestStepContext> {
  const ctx = await createTestStepContext({ workingDirectory: options.workspace, env: options.env, path: options.path, state: options.state });
  const workspace = options.workspace ?? ctx.step.workingDirectory;
  ctx.step.uses = options.uses;
  ctx.step.with = options.with ?? {};
  ctx.step.name = `Run ${options.uses}`;
  ctx.contexts = {
    github: { workspace, repository: '', ref: '', sha: '', server_url: 'https://github.com', api_url: 'https://api.github.com', event: {}, event_name: 'push', ...options.github },
    secrets: options.secrets ?? {},
  };
  if (options.dataDir) ctx.dataDir = options.dataDir;
  if (options.runId) ctx.runId = options.runId;
  return ctx;
}

/** Runs the main phase; a thrown failure is returned as `{ thrown }` so tests can assert on it. */
export async function runMain(executor: StepExecutor, ctx: TestStepContext): Promise<StepResult & { thrown?: string }> {
  try {
    return await executor.execute(ctx);
  } catch (e) {
    return { outcome: 'failure', thrown: (e as Error).message };
  }
}

/** Runs git in `cwd`, failing the test on a non-zero exit; returns stdout trimmed. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A repository with the given commits (each a map of file → content); returns the commits' shas. */
export function createRepo(dir: string, commits: Array<Record<string, string>>): string[] {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  return commits.map((files, i) => {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `commit ${i + 1}`);
    return git(dir, 'rev-parse', 'HEAD');
  });
}

/** A fake toolchain executable in `dir`: prints `output` (to stderr when asked) for any arguments. */
export function fakeTool(dir: string, name: string, output: string, options: { stderr?: boolean; extra?: string } = {}): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${options.extra ?? ''}\nprintf '%s\\n' '${output}'${options.stderr ? ' >&2' : ''}\n`);
  chmodSync(file, 0o755);
  return file;
}
