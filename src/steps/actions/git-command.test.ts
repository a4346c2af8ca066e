import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, GitError } from './git-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'ado-git-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake `git` on its own PATH. */
function fakeGit(script: string): Record<string, string> {
  const bin = mkdtempSync(join(dir, 'bin-'));
  writeFileSync(join(bin, 'git'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return { PATH: bin };
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const e = await promise.catch((error: unknown) => error);
  expect(e).toBeInstanceOf(GitError);
  return (e as GitError).reason;
}

describe('git', () => {
  it('resolves with stdout, and rejects with git\'s own complaint, hints left out', async () => {
    expect(await git(['--version'], { env: process.env, timeoutMs: 10_000 })).toMatch(/^git version/);
    const env = fakeGit('echo "hint: try this" >&2; echo "fatal: repository not found" >&2; exit 128');
    expect(await reason(git(['ls-remote', 'x'], { env, timeoutMs: 10_000 }))).toBe('repository not found');
    expect(await reason(git(['x'], { env: fakeGit('echo "something odd" >&2; exit 1'), timeoutMs: 10_000 }))).toBe('something odd');
    expect(await reason(git(['x'], { env: fakeGit('exit 3'), timeoutMs: 10_000 }))).toMatch(/^Command failed/);
  });

  it('says when git is missing, too slow, or cancelled', async () => {
    expect(await reason(git(['x'], { env: { PATH: dir }, timeoutMs: 10_000 }))).toBe('git is not installed (or not on PATH); it is needed to fetch actions');
    expect(await reason(git(['x'], { env: fakeGit('exec /bin/sleep 10'), timeoutMs: 200 }))).toBe('no answer within 0.2 s');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await reason(git(['x'], { env: fakeGit('exec /bin/sleep 10'), timeoutMs: 10_000, signal: controller.signal }))).toBe('cancelled');
  });

  it('never prompts for credentials', async () => {
    const env = fakeGit('echo "prompt=$GIT_TERMINAL_PROMPT"');
    expect(await git([], { env, timeoutMs: 10_000 })).toBe('prompt=0\n');
  });
});
