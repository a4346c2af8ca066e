import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStepRegistry } from '../steps/registry.ts';
import { checkFiles, validateFiles } from './validate-files.ts';

let dir: string;
const workflow = (uses: string) => `on: push\njobs:\n  a:\n    runs-on: local\n    steps:\n      - run: echo hi\n      - uses: ${uses}\n`;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-validate-files-'));
  await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
  await writeFile(path.join(dir, '.github/workflows/known.yml'), workflow('acme/hello@v1'));
  await writeFile(path.join(dir, '.github/workflows/unknown.yml'), workflow('acme/nope'));
  await writeFile(path.join(dir, '.github/workflows/broken.yml'), 'on: push\njobs:\n  a:\n    runs-on: local\n    stepz: []\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function registry() {
  const r = createStepRegistry();
  r.register('acme/hello', () => ({}));
  return r;
}

describe('validateFiles', () => {
  it('reports schema problems, and step kinds no executor handles in otherwise valid files', async () => {
    const results = await validateFiles([dir], registry(), dir);
    expect(results.map((r) => [r.file, r.diagnostics.map((d) => `${d.location.file}:${d.location.line}: ${d.message.split(';')[0]}`)])).toEqual([
      ['.github/workflows/broken.yml', [".github/workflows/broken.yml:5: Unexpected value 'stepz'"]],
      ['.github/workflows/known.yml', []],
      ['.github/workflows/unknown.yml', ['.github/workflows/unknown.yml:7: uses: acme/nope is not an action reference autodevops understands']],
    ]);
  });

  it('leaves unknown step kinds to the caller when asked, and names a path that cannot be read', async () => {
    const missing = path.join(dir, 'missing.yml');
    const results = await checkFiles([path.join(dir, '.github/workflows/unknown.yml'), missing], registry(), dir, { allowUnknownSteps: true });
    expect(results.map((r) => [r.file, r.path, r.diagnostics.map((d) => d.message)])).toEqual([
      ['.github/workflows/unknown.yml', path.join(dir, '.github/workflows/unknown.yml'), []],
      ['missing.yml', missing, ['No such file or directory']],
    ]);
  });
});
