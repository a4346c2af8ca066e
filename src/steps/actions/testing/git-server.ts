/**
 * A git "server" for tests: bare repositories under one directory, reached as `file://<dir>`, the
 * way the action fetcher reaches `https://github.com`. Publishing commits real files with real git.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bare repositories served from a directory. */
export interface GitServer {
  /** `file:///…`, to give as the actions server. */
  url: string;
  root: string;
  /** Commits `files` as the next commit of `owner/repo` on `branch` (default main), tags it, and returns the commit. */
  publish(owner: string, repo: string, files: Record<string, string>, options?: { branch?: string; tags?: string[] }): string;
  /** Removes the repositories. */
  cleanup(): void;
}

const identity = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 't@example.com' };

/** A server in a fresh temporary directory (or in `root`). */
export function createGitServer(root = mkdtempSync(join(tmpdir(), 'ado-git-server-'))): GitServer {
  const env = { ...process.env, ...identity, GIT_CONFIG_NOSYSTEM: '1' };
  const run = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  return {
    url: pathToFileURL(root).href,
    root,
    publish(owner, repo, files, options = {}) {
      const bare = join(root, owner, repo);
      const branch = options.branch ?? 'main';
      const work = mkdtempSync(join(tmpdir(), 'ado-git-work-'));
      try {
        mkdirSync(bare, { recursive: true });
        run(bare, 'init', '--quiet', '--bare', '--initial-branch', 'main');
        run(work, 'init', '--quiet', '--initial-branch', branch);
        run(work, 'fetch', '--quiet', bare, `+refs/heads/*:refs/remotes/origin/*`);
        if (run(work, 'branch', '-r').includes(`origin/${branch}`)) run(work, 'reset', '--quiet', `origin/${branch}`);
        for (const [path, text] of Object.entries(files)) {
          mkdirSync(dirname(join(work, path)), { recursive: true });
          writeFileSync(join(work, path), text);
        }
        run(work, 'add', '--all');
        run(work, 'commit', '--quiet', '--allow-empty', '-m', `publish ${Object.keys(files).join(', ')}`);
        for (const tag of options.tags ?? []) run(work, 'tag', '--force', '-a', tag, '-m', tag);
        run(work, 'push', '--quiet', '--force', bare, `refs/heads/${branch}:refs/heads/${branch}`, ...(options.tags ?? []).map((t) => `+refs/tags/${t}:refs/tags/${t}`));
        return run(work, 'rev-parse', 'HEAD');
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
