import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempRepo } from './testing/temp-repo.ts';
import { ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

let root: string;

beforeAll(() => {
  root = tempRepo({ 'src/a.ts': 'a', 'inner.txt': 'x' });
  mkdirSync(join(root, 'empty'));
  symlinkSync('/etc', join(root, 'etc-link'));
  symlinkSync('/etc/hostname', join(root, 'file-link'));
  symlinkSync('src', join(root, 'src-link'));
  symlinkSync('/nonexistent/target', join(root, 'dangling'));
  symlinkSync('.git', join(root, 'git-link'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const refusal = (path: string, write = false) => workspacePath(root, path, { write }).then(() => 'accepted', (e: Error) => (e instanceof ToolFailure ? e.message : `unexpected ${e}`));

describe('workspacePath', () => {
  it('resolves relative paths, existing or not, to real paths inside the workspace', async () => {
    expect(await workspacePath(root, 'src/a.ts')).toEqual({ real: join(root, 'src/a.ts'), entry: join(root, 'src/a.ts'), display: 'src/a.ts' });
    expect(await workspacePath(root, '.')).toEqual({ real: root, entry: root, display: '.' });
    expect((await workspacePath(root, 'new/dir/file.ts')).display).toBe('new/dir/file.ts');
    expect((await workspacePath(root, 'src/../inner.txt')).display).toBe('inner.txt');
    expect((await workspacePath(root, 'src-link/a.ts')).display).toBe('src/a.ts');
    expect((await workspacePath(root, '..inner')).display).toBe('..inner');
  });

  it('refuses paths that climb out with ..', async () => {
    expect(await refusal('../outside.txt')).toMatch(/leads outside the workspace \(through ".."\)/);
    expect(await refusal('src/../../x')).toMatch(/outside the workspace/);
  });

  it('refuses absolute paths, naming the relative path when it lies inside', async () => {
    expect(await refusal('/etc/passwd')).toBe('/etc/passwd is an absolute path; paths must be relative to the workspace root.');
    expect(await refusal(join(root, 'src/a.ts'))).toContain('Inside the workspace it is "src/a.ts"');
  });

  it('refuses symbolic links that lead out, to directories and to files', async () => {
    expect(await refusal('etc-link/passwd')).toMatch(/leads outside the workspace \(through a symbolic link\)/);
    expect(await refusal('etc-link')).toMatch(/through a symbolic link/);
    expect(await refusal('file-link')).toMatch(/through a symbolic link/);
    expect(await refusal('etc-link/new-file', true)).toMatch(/through a symbolic link/);
  });

  it('refuses a dangling symbolic link, whose target cannot be checked', async () => {
    expect(await refusal('dangling', true)).toBe('dangling is a symbolic link to /nonexistent/target, which does not exist; it cannot be used.');
  });

  it('refuses writes inside .git, also through a link', async () => {
    expect(await refusal('.git/hooks/pre-commit', true)).toMatch(/inside \.git/);
    expect(await refusal('git-link/config', true)).toMatch(/inside \.git/);
    expect(await refusal('.git/config')).toBe('accepted');
  });

  it('refuses an empty path', async () => {
    expect(await refusal('  ')).toMatch(/The path is empty/);
  });
});
