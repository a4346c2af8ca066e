import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAutodevopsError, type AutodevopsError } from '../../core/errors.ts';
import { isolateGitConfig, makeRepo, sh, writeFiles } from './testing/git-fixtures.ts';
import { changedFiles, commitAll, createWorktree, currentBranch, defaultIdentity, diff, headSha, removeWorktree } from './worktree.ts';

let home: string;
beforeAll(() => { home = isolateGitConfig(); });
afterAll(() => rmSync(home, { recursive: true, force: true }));

let root: string;
let repo: string;
let cleanup: () => void;
beforeEach(() => { ({ root, repo, cleanup } = makeRepo()); });
afterEach(() => cleanup());

async function failure(promise: Promise<unknown>): Promise<AutodevopsError> {
  const e = await promise.then(() => undefined, (err: unknown) => err);
  if (!isAutodevopsError(e)) throw new Error(`expected an AutodevopsError, got ${String(e)}`);
  return e;
}

describe('createWorktree', () => {
  it('checks out a new branch from HEAD in its own folder, leaving the repository as it was', async () => {
    const main = sh(repo, 'rev-parse', 'HEAD');
    const wt = await createWorktree(repo, { branch: 'autodevops/fix', dir: join(root, 'wt') });
    expect(wt).toEqual({ repo, dir: join(root, 'wt'), branch: 'autodevops/fix', baseSha: main, reused: false });
    expect(readFileSync(join(wt.dir, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await currentBranch(wt.dir)).toBe('autodevops/fix');
    expect(await currentBranch(repo)).toBe('main');
    expect(sh(repo, 'status', '--porcelain')).toBe('');
  });

  it('starts from another base, and takes a relative folder as relative to the repository', async () => {
    sh(repo, 'tag', 'v1');
    writeFiles(repo, { 'README.md': 'changed\n' });
    sh(repo, 'commit', '--quiet', '-am', 'second');
    const wt = await createWorktree(repo, { branch: 'b', base: 'v1', dir: '../rel' });
    expect(wt.dir).toBe(join(root, 'rel'));
    expect(wt.baseSha).toBe(sh(repo, 'rev-parse', 'v1'));
    expect(readFileSync(join(wt.dir, 'README.md'), 'utf8')).toBe('hello\n');
    expect(sh(repo, 'for-each-ref', '--format=%(upstream)', 'refs/heads/b')).toBe('');
  });

  it('reuses the branch and its worktree on a resumed run', async () => {
    const first = await createWorktree(repo, { branch: 'autodevops/x', dir: join(root, 'wt') });
    writeFiles(first.dir, { 'new.txt': 'work in progress\n' });
    const { sha } = (await commitAll(first.dir, 'step one'))!;
    const again = await createWorktree(repo, { branch: 'autodevops/x', dir: join(root, 'wt') });
    expect(again).toEqual({ ...first, reused: true });
    expect(await headSha(again.dir)).toBe(sha);
    const elsewhere = await createWorktree(repo, { branch: 'autodevops/x', dir: join(root, 'other') });
    expect(elsewhere.dir).toBe(join(root, 'wt'));
    expect(existsSync(join(root, 'other'))).toBe(false);
  });

  it('checks an existing branch out again when its worktree was removed or its folder deleted', async () => {
    const first = await createWorktree(repo, { branch: 'resume', dir: join(root, 'wt') });
    writeFiles(first.dir, { 'kept.txt': 'kept\n' });
    await commitAll(first.dir, 'kept');
    await removeWorktree(repo, first.dir);
    const second = await createWorktree(repo, { branch: 'resume', dir: join(root, 'wt2') });
    expect(second).toMatchObject({ dir: join(root, 'wt2'), reused: true, baseSha: first.baseSha });
    expect(readFileSync(join(second.dir, 'kept.txt'), 'utf8')).toBe('kept\n');
    rmSync(second.dir, { recursive: true, force: true });
    const third = await createWorktree(repo, { branch: 'resume', dir: join(root, 'wt3') });
    expect(existsSync(join(third.dir, 'kept.txt'))).toBe(true);
  });

  it('refuses a branch that is checked out in the repository itself', async () => {
    const e = await failure(createWorktree(repo, { branch: 'main', dir: join(root, 'wt') }));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toContain('Branch main is checked out in');
  });

  it('says when the folder is not a git repository, does not exist, or has no commits', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'ado-plain-'));
    try {
      const notRepo = await failure(createWorktree(plain, { branch: 'b', dir: 'wt' }));
      expect(notRepo.code).toBe('ADO_CONFIG_INVALID');
      expect(notRepo.message).toContain(`${plain} is not a git repository (git rev-parse`);
      expect(notRepo.hint).toContain('git init');
      const missing = await failure(createWorktree(join(plain, 'nope'), { branch: 'b', dir: 'wt' }));
      expect(missing.code).toBe('ADO_CONFIG_INVALID');
      expect(missing.message).toContain('does not exist');
      sh(plain, 'init', '--quiet');
      const empty = await failure(createWorktree(plain, { branch: 'b', dir: 'wt' }));
      expect(empty.message).toBe(`"HEAD" is not a commit in ${plain}`);
      expect(empty.hint).toContain('no commits yet');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('reports a bad base, and git\'s own message for a bad branch name', async () => {
    const base = await failure(createWorktree(repo, { branch: 'b', base: 'no-such-ref', dir: 'wt' }));
    expect(base.code).toBe('ADO_CONFIG_INVALID');
    expect(base.hint).toContain('existing branch');
    const name = await failure(createWorktree(repo, { branch: 'bad..name', dir: join(root, 'wt') }));
    expect(name.code).toBe('ADO_INTERNAL');
    expect(name.message).toMatch(/^git worktree add --quiet -b bad\.\.name .* failed in .* \(exit \d+\): fatal: .*not a valid branch name/);
  });
});

describe('removeWorktree', () => {
  it('removes the folder but keeps the branch, needs force for uncommitted work, and tolerates a missing folder', async () => {
    const wt = await createWorktree(repo, { branch: 'gone', dir: join(root, 'wt') });
    writeFiles(wt.dir, { 'dirty.txt': 'x' });
    expect((await failure(removeWorktree(repo, wt.dir))).code).toBe('ADO_INTERNAL');
    await removeWorktree(repo, wt.dir, { force: true });
    expect(existsSync(wt.dir)).toBe(false);
    expect(sh(repo, 'branch', '--list', 'gone')).toContain('gone');
    await removeWorktree(repo, wt.dir);
    expect(sh(repo, 'worktree', 'list')).not.toContain(join(root, 'wt'));
  });
});

describe('commitAll', () => {
  it('returns undefined when nothing changed', async () => {
    const wt = await createWorktree(repo, { branch: 'c', dir: join(root, 'wt') });
    expect(await commitAll(wt.dir, 'nothing')).toBeUndefined();
  });

  it('commits new, changed and deleted files as autodevops when no identity is configured', async () => {
    const wt = await createWorktree(repo, { branch: 'c', dir: join(root, 'wt') });
    writeFiles(wt.dir, { 'src/new file.txt': 'new\n', 'src/app.txt': 'one\n2\n' });
    unlinkSync(join(wt.dir, 'README.md'));
    const commit = await commitAll(wt.dir, '-leading dash message\n\nbody');
    expect(commit?.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(sh(wt.dir, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%B')).toBe(`${defaultIdentity.name} <${defaultIdentity.email}>|autodevops <autodevops@localhost>|-leading dash message\n\nbody`);
    expect(sh(wt.dir, 'status', '--porcelain')).toBe('');
    expect(sh(wt.dir, 'show', '--name-status', '--format=', 'HEAD').split('\n').sort()).toEqual(['A\tsrc/new file.txt', 'D\tREADME.md', 'M\tsrc/app.txt']);
  });

  it('uses the configured identity, and a given author', async () => {
    const wt = await createWorktree(repo, { branch: 'c', dir: join(root, 'wt') });
    sh(repo, 'config', 'user.name', 'Repo User');
    writeFiles(wt.dir, { 'a.txt': 'a' });
    await commitAll(wt.dir, 'configured name only');
    expect(sh(wt.dir, 'log', '-1', '--format=%an <%ae>')).toBe('Repo User <autodevops@localhost>');
    writeFiles(wt.dir, { 'b.txt': 'b' });
    await commitAll(wt.dir, 'authored', { author: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    expect(sh(wt.dir, 'log', '-1', '--format=%an <%ae>|%cn')).toBe('Ada Lovelace <ada@example.com>|Repo User');
  });
});

describe('diff and changedFiles', () => {
  it('show the branch\'s own commits since it left the base, not later commits on the base', async () => {
    const wt = await createWorktree(repo, { branch: 'feature', dir: join(root, 'wt') });
    writeFiles(wt.dir, { 'src/app.txt': 'one\ntwo\nthree\n', 'docs/café ü.md': '# new\n' });
    await commitAll(wt.dir, 'feature work');
    writeFiles(repo, { 'main-only.txt': 'later on main\n' });
    sh(repo, 'add', '--all');
    sh(repo, 'commit', '--quiet', '-m', 'main moves on');
    const patch = await diff(wt.dir, { base: 'main' });
    expect(patch).toContain('diff --git a/src/app.txt b/src/app.txt');
    expect(patch).toContain('+three');
    expect(patch).not.toContain('main-only.txt');
    expect(await changedFiles(wt.dir, { base: 'main' })).toEqual(['docs/café ü.md', 'src/app.txt']);
    expect(await diff(wt.dir, { base: 'feature' })).toBe('');
  });

  it('refuses a base that shares no history with HEAD', async () => {
    sh(repo, 'checkout', '--quiet', '--orphan', 'lonely');
    writeFileSync(join(repo, 'x.txt'), 'x');
    sh(repo, 'add', '--all');
    sh(repo, 'commit', '--quiet', '-m', 'unrelated');
    const e = await failure(changedFiles(repo, { base: 'main' }));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toContain('shares no history with "main"');
    expect((await failure(diff(repo, { base: 'no-such' }))).code).toBe('ADO_INTERNAL');
  });
});

describe('currentBranch and headSha', () => {
  it('give the branch, or undefined when HEAD is detached, and the full commit sha', async () => {
    const sha = sh(repo, 'rev-parse', 'HEAD');
    expect(await headSha(repo)).toBe(sha);
    sh(repo, 'checkout', '--quiet', '--detach');
    expect(await currentBranch(repo)).toBeUndefined();
  });

  it('fail with git\'s message outside a repository', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'ado-plain-'));
    try {
      expect((await failure(currentBranch(plain))).code).toBe('ADO_CONFIG_INVALID');
      expect((await failure(commitAll(plain, 'm'))).code).toBe('ADO_CONFIG_INVALID');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
