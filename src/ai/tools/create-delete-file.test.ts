import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTool } from './create-file.ts';
import { deleteFileTool } from './delete-file.ts';
import { context, tempRepo } from './testing/temp-repo.ts';

let repo: string;
const create = (input: object) => createFileTool.execute(input as never, context(repo));
const remove = (input: object) => deleteFileTool.execute(input as never, context(repo));

beforeAll(() => {
  repo = tempRepo({ 'keep.txt': 'old\n', 'target.txt': 'target\n' });
  mkdirSync(join(repo, 'dir'));
  symlinkSync('target.txt', join(repo, 'link.txt'));
  symlinkSync('/tmp', join(repo, 'tmp-link'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('create_file', () => {
  it('creates a file and its directories', async () => {
    expect(await create({ path: 'a/b/new.ts', content: 'one\ntwo\n' })).toBe('Created a/b/new.ts (2 lines, 8 bytes).');
    expect(readFileSync(join(repo, 'a/b/new.ts'), 'utf8')).toBe('one\ntwo\n');
  });

  it('refuses to overwrite unless asked', async () => {
    expect(await create({ path: 'keep.txt', content: 'new' })).toBe('Error: keep.txt already exists (4 bytes). Use edit_file to change it, or set overwrite: true to replace it entirely.');
    expect(readFileSync(join(repo, 'keep.txt'), 'utf8')).toBe('old\n');
    expect(await create({ path: 'keep.txt', content: 'new', overwrite: true })).toBe('Overwrote keep.txt (1 lines, 3 bytes).');
    expect(readFileSync(join(repo, 'keep.txt'), 'utf8')).toBe('new');
  });

  it('refuses directories, escapes, links out and .git', async () => {
    expect(await create({ path: 'dir', content: '' })).toBe('Error: dir is a directory.');
    expect(await create({ path: '../evil.txt', content: '' })).toMatch(/^Error: .*outside the workspace/);
    expect(await create({ path: 'tmp-link/evil.txt', content: '' })).toMatch(/^Error: .*through a symbolic link/);
    expect(existsSync('/tmp/evil.txt')).toBe(false);
    expect(await create({ path: '.git/hooks/pre-commit', content: '' })).toMatch(/^Error: .*inside \.git/);
  });
});

describe('delete_file', () => {
  it('deletes a file', async () => {
    expect(await remove({ path: 'target.txt' })).toBe('Deleted target.txt.');
    expect(existsSync(join(repo, 'target.txt'))).toBe(false);
  });

  it('deletes a link itself, not its target', async () => {
    await create({ path: 'target2.txt', content: 'x' });
    symlinkSync('target2.txt', join(repo, 'link2.txt'));
    expect(await remove({ path: './link2.txt' })).toBe('Deleted link2.txt.');
    expect(() => lstatSync(join(repo, 'link2.txt'))).toThrow();
    expect(existsSync(join(repo, 'target2.txt'))).toBe(true);
  });

  it('refuses directories, missing files, escapes and .git', async () => {
    expect(await remove({ path: 'dir' })).toBe('Error: dir is a directory; only files can be deleted.');
    expect(await remove({ path: 'missing.txt' })).toBe('Error: missing.txt does not exist.');
    expect(await remove({ path: '/etc/hostname' })).toMatch(/^Error: \/etc\/hostname is an absolute path/);
    expect(await remove({ path: '.git/HEAD' })).toMatch(/^Error: .*inside \.git/);
    expect(existsSync(join(repo, '.git/HEAD'))).toBe(true);
  });
});
