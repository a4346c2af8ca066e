import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../core/errors.ts';
import { parseWithGitHubParser } from './parser-adapter.ts';
import { isSupersededByValidation, validateWorkflowTree } from './validate.ts';

/** `jobs` given as `id: needs` pairs; every job gets runs-on and one step. */
function workflow(jobs: Record<string, string | undefined>): string {
  const body = Object.entries(jobs).map(([id, needs]) => `  ${id}:\n${needs ? `    needs: ${needs}\n` : ''}    runs-on: x\n    steps:\n      - run: echo\n`);
  return `on: push\njobs:\n${body.join('')}`;
}

async function validate(text: string): Promise<string[]> {
  const { root } = await parseWithGitHubParser('w.yml', text);
  if (root === undefined) throw new Error('the test workflow must be readable YAML');
  return validateWorkflowTree('w.yml', root).map(formatDiagnostic);
}

describe('validateWorkflowTree: needs', () => {
  it('accepts a valid graph', async () => {
    expect(await validate(workflow({ a: undefined, b: 'a', c: '[a, b]' }))).toEqual([]);
  });

  it('reports each unknown need at its entry, suggesting a job differing only in case', async () => {
    expect(await validate(workflow({ a: undefined, b: '[a, zz]', c: 'A' }))).toEqual([
      "w.yml:8:16: Job 'b' depends on unknown job 'zz'",
      "w.yml:13:12: Job 'c' depends on unknown job 'A' (job ids are case-sensitive: did you mean 'a'?)",
    ]);
  });

  it('reports unknown needs even when every job has needs (the parser does not)', async () => {
    expect(await validate(workflow({ a: 'ghost' }))).toEqual(["w.yml:4:12: Job 'a' depends on unknown job 'ghost'"]);
  });

  it('names a cycle once, starting from the job written first, at that job\'s need', async () => {
    expect(await validate(workflow({ start: undefined, b: '[start, c]', c: 'd', d: 'b', after: 'c' }))).toEqual([
      'w.yml:8:20: Jobs form a dependency cycle (each needs the next): b -> c -> d -> b',
    ]);
  });

  it('names a job that needs itself, and separate cycles separately', async () => {
    expect(await validate(workflow({ a: 'a', b: 'c', c: 'b' }))).toEqual([
      'w.yml:4:12: Jobs form a dependency cycle (each needs the next): a -> a',
      'w.yml:9:12: Jobs form a dependency cycle (each needs the next): b -> c -> b',
    ]);
  });

  it('starts a cycle reached from a later job at the cycle\'s job written first', async () => {
    expect(await validate(workflow({ x: 'b', c: 'b', b: 'c' }))).toEqual([
      'w.yml:9:12: Jobs form a dependency cycle (each needs the next): c -> b -> c',
    ]);
  });

  it('reports a job that depends on a cycle only through the cycle', async () => {
    expect(await validate(workflow({ root: undefined, x: 'y', y: 'x', down: '[x, root]' }))).toHaveLength(1);
  });

  it('reports an empty jobs mapping', async () => {
    expect(await validate('on: push\njobs: {}\n')).toEqual(['w.yml:2:7: The workflow must define at least one job']);
  });

  it('leaves shapes the parser reports alone', async () => {
    expect(await validate('on: push\njobs: [a]\n')).toEqual([]);
    expect(await validate('on: push\njobs:\n  a:\n    needs: [{x: 1}, 3]\n    runs-on: x\n    steps: [{run: x}]\n')).toEqual([]);
  });
});

describe('validateWorkflowTree: step ids', () => {
  it('reports ids that differ only in case, once each, leaving exact repeats to the parser', async () => {
    const steps = ['Setup', 'setup', 'setup', 'SETUP', 'other', ''].map((id) => `      - id: '${id}'\n        run: echo\n`).join('');
    expect(await validate(`on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n${steps}`)).toEqual([
      "w.yml:8:13: The step id 'setup' clashes with 'Setup' (line 6): step ids are case-insensitive in expressions",
      "w.yml:12:13: The step id 'SETUP' clashes with 'Setup' (line 6): step ids are case-insensitive in expressions",
    ]);
  });
});

describe('isSupersededByValidation', () => {
  it('recognises exactly the parser\'s needs messages', () => {
    const d = (message: string) => ({ location: { file: 'w.yml', line: 1, column: 1 }, message });
    expect(isSupersededByValidation(d("Job 'b' depends on unknown job 'zz'."))).toBe(true);
    expect(isSupersededByValidation(d("Job 'b' depends on job 'c' which creates a cycle in the dependency graph."))).toBe(true);
    expect(isSupersededByValidation(d('The workflow must contain at least one job with no dependencies.'))).toBe(true);
    expect(isSupersededByValidation(d("Unexpected value 'needs'"))).toBe(false);
  });
});
