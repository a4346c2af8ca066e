/**
 * Real temporary git repositories for the tests of this folder. Git's global and system
 * configuration are switched off, so the tests see a machine with no identity configured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/** Directories made for this test file, removed when its tests are done. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with no git configuration; made the HOME of this test process. */
export function isolateGitConfig(): string {
  const home = mkdtempSync(join(tmpdir(), 'ado-git-home-'));
  made.push(home);
  Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, 'gitconfig') });
  for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete process.env[name];
  return home;
}

/** Runs git synchronously for test setup, with a throwaway identity so setup commits work. */
export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Writes files (creating folders) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A scratch folder holding a repository `repo` on branch main with one commit. */
export function makeRepo(): { root: string; repo: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'ado-git-'));
  const repo = join(root, 'repo');
  mkdirSync(repo);
  sh(repo, 'init', '--quiet', '-b', 'main');
  writeFiles(repo, { 'README.md': 'hello\n', 'src/app.txt': 'one\ntwo\n' });
  sh(repo, 'add', '--all');
  sh(repo, 'commit', '--quiet', '-m', 'initial');
  return { root, repo, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
