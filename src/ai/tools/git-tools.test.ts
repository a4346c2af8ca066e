import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitDiffTool, maxDiffChars } from './git-diff.ts';
import { gitStatusTool } from './git-status.ts';
import { context, git, tempRepo } from './testing/temp-repo.ts';

let repo: string;
let plain: string;
const status = (workspace = repo) => gitStatusTool.execute({}, context(workspace));
const diff = (input: object, workspace = repo) => gitDiffTool.execute(input as never, context(workspace));

beforeAll(() => {
  repo = tempRepo({ 'a.txt': 'one\ntwo\n', 'b.txt': 'b\n', 'big.txt': 'x\n' });
  plain = tempRepo({ 'x.txt': '' }, { git: false });
});
afterAll(() => [repo, plain].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('git_status and git_diff', () => {
  it('say a clean tree is clean', async () => {
    expect(await status()).toBe('## main\nWorking tree clean: no changes.');
    expect(await diff({})).toBe('No changes. (Untracked files are not shown; see git_status.)');
  });

  it('show modified, staged and untracked files and their diffs', async () => {
    writeFileSync(join(repo, 'a.txt'), 'one\nTWO\n');
    writeFileSync(join(repo, 'b.txt'), 'B\n');
    git(repo, 'add', 'b.txt');
    writeFileSync(join(repo, 'new.txt'), 'n\n');
    expect(await status()).toBe('## main\n M a.txt\nM  b.txt\n?? new.txt');
    const unstaged = await diff({});
    expect(unstaged).toContain('diff --git a/a.txt b/a.txt');
    expect(unstaged).toContain('-two\n+TWO');
    expect(unstaged).not.toContain('b.txt');
    expect(await diff({ staged: true })).toContain('-b\n+B');
    expect(await diff({ path: 'b.txt' })).toBe('No changes to b.txt. (Untracked files are not shown; see git_status.)');
    expect(await diff({ path: 'b.txt', staged: true })).toContain('diff --git a/b.txt b/b.txt');
  });

  it('truncates a long diff', async () => {
    writeFileSync(join(repo, 'big.txt'), 'y'.repeat(80).concat('\n').repeat(1000));
    expect(await diff({ path: 'big.txt' })).toMatch(new RegExp(`\\n\\[Diff truncated at ${maxDiffChars} characters of \\d+; pass path to see one file\\.\\]$`));
  });

  it('do not run a diff driver or fsmonitor configured in the repository', async () => {
    git(repo, 'config', 'core.fsmonitor', `touch ${join(repo, 'fsmonitor-ran')}`);
    git(repo, 'config', 'diff.external', `sh -c 'touch ${join(repo, 'diff-ran')}'`);
    await status();
    await diff({});
    expect(existsSync(join(repo, 'fsmonitor-ran'))).toBe(false);
    expect(existsSync(join(repo, 'diff-ran'))).toBe(false);
    git(repo, 'config', '--unset', 'core.fsmonitor');
    git(repo, 'config', '--unset', 'diff.external');
  });

  it('refuse outside a git repository and for escaping paths', async () => {
    expect(await status(plain)).toBe('Error: the workspace is not a git repository.');
    expect(await diff({}, plain)).toBe('Error: the workspace is not a git repository.');
    expect(await diff({ path: '../x' })).toMatch(/^Error: .*outside the workspace/);
  });
});
