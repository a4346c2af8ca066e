// Every behaviour runs against both engines: ripgrep and the built-in walk.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTool, type SearchToolOptions } from './search.ts';
import { context, tempRepo, writeFiles } from './testing/temp-repo.ts';

let repo: string;
let wrapper: string;
let log: string;

beforeAll(() => {
  repo = tempRepo({
    '.gitignore': 'dist/\n',
    'src/a.ts': 'export function alpha() {}\nconst x = alpha();\n',
    'src/b.py': 'def alpha():\n    return "Alpha(1)"\n',
    '.github/ci.yml': 'run: alpha\n',
    'README.md': 'Nothing here.\n',
  });
  writeFiles(repo, { 'dist/out.js': 'alpha()', 'node_modules/m/i.js': 'alpha()' });
  writeFileSync(join(repo, 'image.bin'), Buffer.from('alpha\0'));
  // A ripgrep stand-in that records that it was called, then runs the real rg.
  log = join(repo, '..', `rg-calls-${process.pid}.log`);
  wrapper = join(repo, '..', `rg-wrapper-${process.pid}`);
  writeFileSync(wrapper, `#!/bin/sh\necho called >> ${log}\nexec rg "$@"\n`);
  chmodSync(wrapper, 0o755);
});
afterAll(() => [repo, wrapper, log].forEach((path) => rmSync(path, { recursive: true, force: true })));

const engines: [string, SearchToolOptions][] = [['ripgrep', { ripgrep: 'rg' }], ['built-in', { ripgrep: false }]];

describe.each(engines)('search with %s', (_name, options) => {
  const search = (input: object) => searchTool(options).execute(input as never, context(repo));

  it('finds regex matches as path:line: text, leaving ignored, binary and node_modules files out', async () => {
    expect(await search({ pattern: 'alpha' })).toBe('.github/ci.yml:1: run: alpha\nsrc/a.ts:1: export function alpha() {}\nsrc/a.ts:2: const x = alpha();\nsrc/b.py:1: def alpha():');
    expect(await search({ pattern: '= alpha\\(' })).toBe('src/a.ts:2: const x = alpha();');
    expect(await search({ pattern: '^(export function|def) alpha' })).toBe('src/a.ts:1: export function alpha() {}\nsrc/b.py:1: def alpha():');
  });

  it('searches hidden directories such as .github', async () => {
    expect(await search({ pattern: 'run:' })).toBe('.github/ci.yml:1: run: alpha');
  });

  it('matches literal text and ignores case when asked', async () => {
    expect(await search({ pattern: 'Alpha(1)', literal: true })).toBe('src/b.py:2:     return "Alpha(1)"');
    expect(await search({ pattern: 'ALPHA\\(1', case_insensitive: true })).toBe('src/b.py:2:     return "Alpha(1)"');
  });

  it('narrows by path and glob', async () => {
    expect(await search({ pattern: 'alpha', path: 'src', glob: '*.py' })).toBe('src/b.py:1: def alpha():');
    expect(await search({ pattern: 'alpha', path: 'src/a.ts' })).toBe('src/a.ts:1: export function alpha() {}\nsrc/a.ts:2: const x = alpha();');
  });

  it('caps the results and says there are more', async () => {
    expect(await search({ pattern: 'alpha', max_results: 1, path: 'src' })).toBe('src/a.ts:1: export function alpha() {}\n[Only the first 1 matches are shown; there are more. Narrow the pattern, path or glob.]');
  });

  it('says when nothing matches and reports a bad pattern as an error', async () => {
    expect(await search({ pattern: 'zeta', path: 'src', glob: '*.ts' })).toBe('No matches for zeta in src in files matching *.ts.');
    expect(await search({ pattern: 'zeta' })).toBe('No matches for zeta.');
    expect(await search({ pattern: 'alpha(' })).toMatch(/^Error: /);
    expect(await search({ pattern: 'x', path: '../..' })).toMatch(/^Error: .*outside the workspace/);
  });
});

describe('search engine choice', () => {
  it('uses the given ripgrep binary', async () => {
    expect(await searchTool({ ripgrep: wrapper }).execute({ pattern: 'run:' } as never, context(repo))).toBe('.github/ci.yml:1: run: alpha');
    expect(readFileSync(log, 'utf8')).toBe('called\n');
  });

  it('falls back to the built-in search when ripgrep is missing', async () => {
    expect(await searchTool({ ripgrep: '/nonexistent/rg' }).execute({ pattern: 'run:' } as never, context(repo))).toBe('.github/ci.yml:1: run: alpha');
  });

  it('is cancelled by the context signal', async () => {
    await expect(searchTool().execute({ pattern: 'x' } as never, context(repo, { signal: AbortSignal.abort(new Error('stop')) }))).rejects.toThrow('stop');
  });
});
