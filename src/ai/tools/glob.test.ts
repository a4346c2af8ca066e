import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globTool, maxGlobResults } from './glob.ts';
import { context, tempRepo, writeFiles } from './testing/temp-repo.ts';

let repo: string;
const glob = (input: object, workspace = repo) => globTool.execute(input as never, context(workspace));

beforeAll(() => {
  repo = tempRepo({ '.gitignore': 'build/\n', 'README.md': '', 'src/a.ts': '', 'src/a.test.ts': '', 'src/lib/b.ts': '', 'docs/guide.md': '' });
  writeFiles(repo, { 'build/gen.ts': '', 'node_modules/x/y.ts': '' });
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('glob', () => {
  it('matches whole relative paths when the pattern has a slash', async () => {
    expect(await glob({ pattern: 'src/**/*.ts' })).toBe('3 file(s) match src/**/*.ts:\nsrc/a.test.ts\nsrc/a.ts\nsrc/lib/b.ts');
    expect(await glob({ pattern: 'src/*.ts' })).toBe('2 file(s) match src/*.ts:\nsrc/a.test.ts\nsrc/a.ts');
  });

  it('matches file names at any depth without a slash, leaving ignored files out', async () => {
    expect(await glob({ pattern: '*.md' })).toBe('2 file(s) match *.md:\nREADME.md\ndocs/guide.md');
    expect(await glob({ pattern: '*.test.ts' })).toBe('1 file(s) match *.test.ts:\nsrc/a.test.ts');
  });

  it('searches below a directory and returns workspace-relative paths', async () => {
    expect(await glob({ pattern: '**/*.ts', path: 'src/lib' })).toBe('1 file(s) match **/*.ts:\nsrc/lib/b.ts');
  });

  it('says when nothing matches, and refuses bad directories', async () => {
    expect(await glob({ pattern: '*.py' })).toBe('No files match *.py.');
    expect(await glob({ pattern: '*', path: 'README.md' })).toBe('Error: README.md is not a directory of the workspace.');
    expect(await glob({ pattern: '*', path: '/etc' })).toMatch(/^Error: \/etc is an absolute path/);
  });

  it(`lists at most ${maxGlobResults} files`, async () => {
    const many = tempRepo({}, { git: false });
    writeFiles(many, Object.fromEntries(Array.from({ length: maxGlobResults + 3 }, (_, i) => [`f${i}.txt`, ''])));
    expect(await glob({ pattern: '*.txt' }, many)).toMatch(/\n\[3 more files not shown; use a narrower pattern or path\.\]$/);
    rmSync(many, { recursive: true, force: true });
  });
});
