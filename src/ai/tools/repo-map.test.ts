import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens, repositoryMap } from './repo-map.ts';
import { tempRepo, writeFiles } from './testing/temp-repo.ts';

let repo: string;

beforeAll(() => {
  repo = tempRepo({
    '.gitignore': 'dist/\n',
    'README.md': '# Project\n',
    'index.ts': 'export function main() {}\nexport const version = 1;\n',
    'src/server.ts': 'export class Server {\n}\nexport function start() {}\nexport function stop() {}\n',
    'src/util/strings.ts': 'export function pad() {}\n',
    'tools/build.py': 'def build():\n    pass\nclass Builder:\n    pass\n',
    'cmd/main.go': 'package main\nfunc main() {\n}\n',
    'scripts/deploy.sh': 'deploy() {\n}\n',
  });
  writeFiles(repo, { 'dist/bundle.js': 'export function bundled() {}\n' });
  writeFileSync(join(repo, 'src/huge.ts'), 'export function big() {}\n'.repeat(20_000));
  writeFileSync(join(repo, 'src/many.ts'), Array.from({ length: 35 }, (_, i) => `export const c${i} = ${i};`).join('\n'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('repositoryMap', () => {
  it('lists every file with its top-level symbols when the budget allows, by path, ignoring ignored files', async () => {
    const map = await repositoryMap(repo, { tokenBudget: 10_000 });
    expect(map).toContain('index.ts\n  export function main()\n  export const version = 1;\n');
    expect(map).toContain('src/server.ts\n  export class Server\n  export function start()\n  export function stop()\n');
    expect(map).toContain('tools/build.py\n  def build()\n  class Builder\n');
    expect(map).toContain('cmd/main.go\n  func main()\n');
    expect(map).toContain('scripts/deploy.sh\n  deploy()\n');
    expect(map).toContain('src/huge.ts\n');
    expect(map).not.toContain('big()');
    expect(map).toContain('  export const c29 = 29;\n  … 5 more\n');
    expect(map).not.toContain('dist/');
    expect(map.indexOf('README.md')).toBeLessThan(map.indexOf('index.ts'));
    expect(map).not.toContain('more files not shown');
  });

  it('stays within the budget, keeping shallow and symbol-rich files first', async () => {
    for (const budget of [0, 5, 20, 40, 80, 200]) {
      const map = await repositoryMap(repo, { tokenBudget: budget });
      expect(estimateTokens(map), `budget ${budget}`).toBeLessThanOrEqual(budget);
    }
    const small = await repositoryMap(repo, { tokenBudget: 40 });
    expect(small).toContain('index.ts\n  export function main()');
    expect(small).not.toContain('src/util/strings.ts');
    expect(small).toMatch(/\[\d+ more files not shown\]\n$/);
  });

  it('maps a directory that is not a git repository', async () => {
    const plain = tempRepo({ 'a.py': 'def a():\n' }, { git: false });
    expect(await repositoryMap(plain, { tokenBudget: 100 })).toBe('a.py\n  def a()\n');
    rmSync(plain, { recursive: true, force: true });
  });
});

describe('estimateTokens', () => {
  it('counts about four characters per token', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});
