import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxEntries, listFilesTool } from './list-files.ts';
import { context, tempRepo, writeFiles } from './testing/temp-repo.ts';

let repo: string;
let plain: string;
const list = (workspace: string, input: object) => listFilesTool.execute(input as never, context(workspace));

beforeAll(() => {
  repo = tempRepo({ '.gitignore': 'dist/\n*.log\n', 'README.md': '# r', 'src/a.ts': 'a', 'src/lib/b.ts': 'b', 'src/lib/c.ts': 'c' });
  writeFiles(repo, { 'dist/out.js': 'x', 'debug.log': 'x', 'node_modules/m/index.js': 'x', 'src/new.ts': 'untracked' });
  rmSync(join(repo, 'src/lib/c.ts'));
  plain = tempRepo({ 'x.txt': 'x', 'deep/y.txt': 'y', 'node_modules/z.js': 'z' }, { git: false });
  mkdirSync(join(plain, 'empty'));
});
afterAll(() => [repo, plain].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('list_files', () => {
  it('lists one level, respecting .gitignore, skipping node_modules and deleted files, showing untracked ones', async () => {
    expect(await list(repo, {})).toBe('Workspace root (depth 1, 3 entries):\n.gitignore\nREADME.md\nsrc/  (3 files)');
    expect(await list(repo, { path: 'src', depth: 2 })).toBe('src (depth 2, 4 entries):\nsrc/a.ts\nsrc/lib/  (1 file)\nsrc/lib/b.ts\nsrc/new.ts');
  });

  it('walks a directory that is not a git repository', async () => {
    expect(await list(plain, { depth: 3 })).toBe('Workspace root (depth 3, 3 entries):\ndeep/  (1 file)\ndeep/y.txt\nx.txt');
    expect(await list(plain, { path: 'empty' })).toBe('empty is empty (or holds only ignored files).');
  });

  it('refuses files, missing directories and escapes', async () => {
    expect(await list(repo, { path: 'README.md' })).toBe('Error: README.md is a file, not a directory; read it with read_file.');
    expect(await list(repo, { path: 'nope' })).toBe('Error: nope does not exist.');
    expect(await list(repo, { path: '../' })).toMatch(/^Error: .*outside the workspace/);
  });

  it(`shows at most ${maxEntries} entries and says how many more there are`, async () => {
    const many = tempRepo({}, { git: false });
    for (let i = 0; i < maxEntries + 5; i++) writeFileSync(join(many, `f${String(i).padStart(4, '0')}.txt`), '');
    const answer = await list(many, {});
    expect(answer.split('\n')).toHaveLength(maxEntries + 2);
    expect(answer).toMatch(/\[5 more entries not shown; list a subdirectory or use a smaller depth\.\]$/);
    rmSync(many, { recursive: true, force: true });
  });
});
