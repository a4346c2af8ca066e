import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotCommit } from './git-source.ts';
import { createWorkspace } from './workspace.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-workspace-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, {
  cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' },
}).trim();

/** Every path under `root` except inside `.git`. */
function files(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.name === '.git') return [];
    return e.isDirectory() ? [rel, ...files(root, rel)] : [rel];
  }).sort();
}

describe('a run workspace', () => {
  it('is a private copy of a content snapshot: files, modes and symlinks, and edits stay in it', async () => {
    const snapshot = path.join(dir, 'snapshot');
    await mkdir(path.join(snapshot, 'src', 'deep'), { recursive: true });
    await writeFile(path.join(snapshot, 'build.sh'), '#!/bin/sh\necho hi\n');
    await chmod(path.join(snapshot, 'build.sh'), 0o755);
    await writeFile(path.join(snapshot, 'src', 'deep', 'a.txt'), 'a');
    await symlink('src/deep/a.txt', path.join(snapshot, 'link'));
    const one = await createWorkspace(path.join(dir, 'data'), snapshot);
    const two = await createWorkspace(path.join(dir, 'data'), snapshot);
    expect(one).not.toBe(two);
    expect(path.dirname(one)).toBe(path.join(dir, 'data', 'server', 'workspaces'));
    expect(files(one)).toEqual(files(snapshot));
    expect(statSync(path.join(one, 'build.sh')).mode & 0o777).toBe(0o755);
    expect([lstatSync(path.join(one, 'link')).isSymbolicLink(), readlinkSync(path.join(one, 'link'))]).toEqual([true, 'src/deep/a.txt']);
    await writeFile(path.join(one, 'src', 'deep', 'a.txt'), 'changed by the run');
    expect([await readFile(path.join(snapshot, 'src', 'deep', 'a.txt'), 'utf8'), await readFile(path.join(two, 'src', 'deep', 'a.txt'), 'utf8')]).toEqual(['a', 'a']);
  });

  it('of a commit is a repository at that commit that borrows the snapshot\'s objects instead of copying them', async () => {
    const repo = path.join(dir, 'repo');
    await mkdir(repo);
    git(repo, 'init', '--quiet', '--initial-branch=main');
    await writeFile(path.join(repo, 'README'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'one');
    await writeFile(path.join(repo, 'README'), 'two\n');
    git(repo, 'commit', '--quiet', '-am', 'two');
    const commit = git(repo, 'rev-parse', 'HEAD');
    const snapshot = path.join(dir, 'snapshots', commit);
    await snapshotCommit(repo, commit, snapshot, 'https://example.test/acme/repo.git');
    const ws = await createWorkspace(path.join(dir, 'data'), snapshot);
    expect(git(ws, 'rev-parse', 'HEAD')).toBe(commit);
    expect(git(ws, 'status', '--porcelain')).toBe('');
    expect(git(ws, 'log', '--format=%s')).toBe('two\none');
    expect(git(ws, 'remote', 'get-url', 'origin')).toBe('https://example.test/acme/repo.git');
    expect(readFileSync(path.join(ws, '.git', 'objects', 'info', 'alternates'), 'utf8')).toBe(`${path.join(snapshot, '.git', 'objects')}\n`);
    expect(readdirSync(path.join(ws, '.git', 'objects')).sort()).toEqual(['info', 'pack']);
    // The run can commit: new objects are its own, and the snapshot does not move.
    await writeFile(path.join(ws, 'README'), 'three\n');
    git(ws, 'commit', '--quiet', '-am', 'three');
    expect(git(ws, 'log', '--format=%s', '-1')).toBe('three');
    expect([git(snapshot, 'rev-parse', 'HEAD'), await readFile(path.join(snapshot, 'README'), 'utf8')]).toEqual([commit, 'two\n']);
    expect(existsSync(path.join(snapshot, '.git', 'objects', 'info', 'alternates'))).toBe(false);
  });
});
