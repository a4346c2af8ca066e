/** Test helper: a real temporary directory, optionally a git repository with a first commit. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import type { ToolContext } from '../tool.ts';

/** Directories made for this test file, removed when its tests are done (also those made in beforeAll). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const env: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
delete env.GIT_DIR;
delete env.GIT_WORK_TREE;
delete env.GIT_INDEX_FILE;

/** Writes `files` (path → content) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Runs git in `cwd` and returns its output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

/** A temp directory holding `files`, committed to a new git repository unless `git` is false. */
export function tempRepo(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ado-tools-')));
  made.push(root);
  writeFiles(root, files);
  if (options.git === false) return root;
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'first');
  return root;
}

/** A context for `workspace` without a sandbox. */
export function context(workspace: string, extra: Partial<ToolContext> = {}): ToolContext {
  return { workspace, ...extra };
}
