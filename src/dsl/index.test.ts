import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, isAutodevopsError } from '../core/errors.ts';
import type { AutodevopsError } from '../core/errors.ts';
import { loadWorkflow, parseWorkflowText, validateWorkflowFiles } from './index.ts';

const repoRoot = join(import.meta.dirname, '../..');
const fixtures = join(repoRoot, 'test/fixtures/workflows');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ado-dsl-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<AutodevopsError> {
  try {
    await p;
  } catch (e) {
    if (isAutodevopsError(e)) return e;
    throw e;
  }
  throw new Error('expected an AutodevopsError');
}

describe('parseWorkflowText', () => {
  it('returns the normalised workflow of every valid fixture', async () => {
    for (const name of await readdir(join(fixtures, 'valid'))) {
      const workflow = await parseWorkflowText(name, await readFile(join(fixtures, 'valid', name), 'utf8'));
      expect(workflow.file).toBe(name);
      expect(workflow.jobs.length).toBeGreaterThan(0);
    }
  });

  it('expands anchors and aliases', async () => {
    const workflow = await parseWorkflowText('anchors.yml', await readFile(join(fixtures, 'valid/anchors.yml'), 'utf8'));
    expect(workflow.env).toEqual({ LANG: 'C' });
    expect(workflow.jobs[0]!.env).toEqual({ LANG: 'C' });
    expect(workflow.jobs[1]!.steps.map((s) => [s.name, s.run, s.location.line])).toEqual([['Hello', 'echo hello', 10], ['Hello', 'echo hello', 10]]);
  });

  // Each invalid fixture has a .expected file listing its `file:line:col: message` lines.
  it('reports every error of each invalid fixture exactly as its .expected file says', async () => {
    const names = (await readdir(join(fixtures, 'invalid'))).filter((n) => n.endsWith('.yml'));
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) {
      const path = join(fixtures, 'invalid', name);
      const file = relative(repoRoot, path);
      const expected = (await readFile(path.replace(/\.yml$/, '.expected'), 'utf8')).trimEnd().split('\n');
      const e = await rejection(parseWorkflowText(file, await readFile(path, 'utf8')));
      expect(e.code).toBe('ADO_WORKFLOW_INVALID');
      expect(e.message).toBe(`${file}: ${expected.length} error${expected.length === 1 ? '' : 's'}`);
      expect(e.diagnostics.map(formatDiagnostic)).toEqual(expected);
    }
  });
});

describe('parseWorkflowText: bad input never crashes', () => {
  const cases: Record<string, string> = {
    'an empty text': '',
    'binary text': 'on: push\u0000\u0001\u0002\njobs: {}\n',
    'text that is not YAML': '{{{ not: [yaml\n',
    'YAML that is not a mapping': '42\n',
    'a workflow without jobs': 'on: push\n',
    'a workflow without on': 'jobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n',
    'two YAML documents': 'on: push\n---\non: push\n',
  };
  for (const [what, text] of Object.entries(cases)) {
    it(`rejects ${what} with positioned diagnostics`, async () => {
      const e = await rejection(parseWorkflowText('w.yml', text));
      expect(e.code).toBe('ADO_WORKFLOW_INVALID');
      expect(e.diagnostics.length).toBeGreaterThan(0);
      for (const d of e.diagnostics) {
        expect(d.location.file).toBe('w.yml');
        expect(d.location.line).toBeGreaterThanOrEqual(1);
        expect(d.location.column).toBeGreaterThanOrEqual(1);
        expect(d.message).not.toBe('');
      }
    });
  }

  it('says so when the text is empty, and rejects text over 1 MiB before parsing it', async () => {
    expect((await rejection(parseWorkflowText('w.yml', ''))).diagnostics.map(formatDiagnostic)).toEqual([
      'w.yml:1:1: The file holds no YAML value; a workflow is a mapping with `on:` and `jobs:`',
    ]);
    const started = performance.now();
    const e = await rejection(parseWorkflowText('big.yml', `on: push\njobs:\n${'#'.repeat(10 * 1024 * 1024)}\n`));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(e.diagnostics.map(formatDiagnostic)).toEqual(['big.yml:1:1: The workflow is larger than 1048576 bytes (1 MiB)']);
  });
});

describe('parseWorkflowText: shapes the model cannot hold', () => {
  it('rejects a whole-expression env, which GitHub accepts but autodevops cannot represent', async () => {
    const text = 'on: push\nenv: ${{ fromJSON(vars.ENV) }}\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n';
    expect((await rejection(parseWorkflowText('w.yml', text))).diagnostics.map(formatDiagnostic)).toEqual([
      'w.yml:2:6: env must be written as a mapping: autodevops does not support one expression for the whole of it',
    ]);
  });
});

describe('loadWorkflow', () => {
  it('reads and parses a file', async () => {
    const path = join(fixtures, 'valid/ci.yml');
    const workflow = await loadWorkflow(path);
    expect(workflow).toMatchObject({ file: path, name: 'CI' });
    expect(workflow.jobs.map((j) => [j.id, j.needs])).toEqual([['test', []], ['lint', []], ['release', ['test', 'lint']]]);
    expect(workflow.jobs[2]!.if).toBe("success() && (github.ref == 'refs/heads/main')");
  });

  it('rejects a 10 MB file by its size, without parsing it', async () => {
    const path = join(tmp, 'huge.yml');
    await writeFile(path, `on: push\n${'x: 1\n'.repeat(2 * 1024 * 1024)}`);
    const e = await rejection(loadWorkflow(path));
    expect(e.code).toBe('ADO_WORKFLOW_UNREADABLE');
    expect(e.message).toBe(`${path}: the file is 10485769 bytes; workflow files may be at most 1 MiB (1048576 bytes)`);
  });

  it('rejects a missing file', async () => {
    expect((await rejection(loadWorkflow(join(tmp, 'nope.yml')))).code).toBe('ADO_WORKFLOW_NOT_FOUND');
  });
});

describe('validateWorkflowFiles', () => {
  it('lists each file\'s problems, turning read errors into a diagnostic at 1:1', async () => {
    const binary = join(tmp, 'binary.yml');
    await writeFile(binary, new Uint8Array([0x6f, 0x6e, 0x00]));
    const missing = join(tmp, 'missing.yml');
    const valid = join(fixtures, 'valid/ci.yml');
    const invalid = join(fixtures, 'invalid/unknown-key.yml');
    const results = await validateWorkflowFiles([valid, invalid, missing, binary]);
    expect(results.map((r) => [r.file, r.diagnostics.map(formatDiagnostic)])).toEqual([
      [valid, []],
      [invalid, [`${invalid}:5:5: Unexpected value 'stepz'`]],
      [missing, [`${missing}:1:1: No such file or directory`]],
      [binary, [`${binary}:1:1: This is a binary file (it contains NUL bytes), not YAML text`]],
    ]);
    // Only a valid file comes with its workflow, the one loadWorkflow reads.
    expect(results.map((r) => r.workflow !== undefined)).toEqual([true, false, false, false]);
    expect(results[0]!.workflow).toEqual(await loadWorkflow(valid));
  });

  it('returns nothing for no files', async () => {
    expect(await validateWorkflowFiles([])).toEqual([]);
  });
});
