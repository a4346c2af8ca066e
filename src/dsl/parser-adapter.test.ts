import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../core/errors.ts';
import { MAX_ALIAS_NODES } from './alias-guard.ts';
import { cleanMessage, parseWithGitHubParser } from './parser-adapter.ts';
import { field } from './source-node.ts';

const job = (steps = '      - run: echo hi\n') => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

async function problems(text: string): Promise<string[]> {
  return (await parseWithGitHubParser('w.yml', text)).diagnostics.map(formatDiagnostic);
}

describe('parseWithGitHubParser: what GitHub\'s parser reports, positioned', () => {
  it('reports invalid YAML at the yaml library\'s position, without its source excerpt', async () => {
    const result = await parseWithGitHubParser('w.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n   steps: y\n');
    expect(result.root).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['w.yml:5:1: All mapping items must start at the same column']);
    expect(await problems('on: push\njobs:\n\ta: 1\n')).toEqual(['w.yml:3:1: Tabs are not allowed as indentation']);
  });

  it('reports unknown keys, schema types and required properties', async () => {
    expect(await problems(`${job()}    foo: bar\n`)).toEqual(["w.yml:7:5: Unexpected value 'foo'"]);
    expect(await problems('on: push\njobs:\n  a:\n    steps:\n      - run: echo\n')).toEqual(['w.yml:4:5: Required property is missing: runs-on']);
    expect(await problems('on: push\n')).toEqual(['w.yml:1:1: Required property is missing: jobs']);
    expect(await problems('on: push\njobs:\n  a: 3\n')).toEqual([
      "w.yml:3:6: Unexpected value '3'",
      "w.yml:3:6: Unexpected type 'number' encountered while reading 'job a'. The type 'mapping' was expected.",
    ]);
  });

  it('reports bad expressions at the expression', async () => {
    expect(await problems(job('      - run: echo ${{ github. }}\n'))).toEqual(["w.yml:6:19: Unexpected symbol: 'EOF'"]);
    expect(await problems(job('      - run: echo\n        if: github.ref ==\n'))).toEqual(["w.yml:7:13: Unexpected end of expression: '=='"]);
    expect(await problems('on: push\njobs:\n  a:\n    runs-on: ${{ steps.x }}\n    steps:\n      - run: echo\n')).toEqual([
      "w.yml:4:14: Unrecognized named-value: 'steps'",
    ]);
  });

  it('reports invalid, reserved and exactly repeated step ids (so validate.ts does not)', async () => {
    const steps = '      - id: a\n        run: x\n      - id: a\n        run: x\n      - id: 1a\n        run: x\n      - id: __r\n        run: x\n';
    expect((await problems(job(steps))).map((p) => p.replace(/(is invalid|may not be used).*/, '$1'))).toEqual([
      "w.yml:8:13: The identifier 'a' may not be used",
      "w.yml:10:13: The identifier '1a' is invalid",
      "w.yml:12:13: The identifier '__r' is invalid",
    ]);
  });

  it('reports needs only partially, which is why validate.ts replaces these messages', async () => {
    const allNeed = 'on: push\njobs:\n  a:\n    needs: b\n    runs-on: x\n    steps: [{run: x}]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: x}]\n';
    expect(await problems(allNeed)).toEqual(['w.yml:3:3: The workflow must contain at least one job with no dependencies.']);
  });

  it('explains a file with no YAML value, and cleans parser wording', async () => {
    expect(await problems('')).toEqual(['w.yml:1:1: The file holds no YAML value; a workflow is a mapping with `on:` and `jobs:`']);
    expect(await problems('# only a comment\n')).toHaveLength(1);
    expect(cleanMessage("Unexpected type 'FooToken' here")).toBe("Unexpected type 'FooToken' here");
    expect(cleanMessage('')).toBe('Invalid workflow');
    expect(cleanMessage('Maximum call stack size exceeded')).toBe('The YAML is nested too deeply to read');
  });
});

describe('parseWithGitHubParser: the recorded tree and conditions', () => {
  it('keeps strings as YAML read them, `${{ }}` included, with 1-based positions', async () => {
    const result = await parseWithGitHubParser('w.yml', job('      - run: |\n          echo ${{ matrix.x }}\n          echo done\n'));
    expect(result.diagnostics).toEqual([]);
    const steps = field(field(field(result.root, 'jobs'), 'build'), 'steps');
    expect(steps?.kind === 'sequence' && steps.items[0]).toEqual({
      kind: 'mapping', line: 6, column: 9,
      entries: [{ key: 'run', line: 6, column: 9, value: { kind: 'scalar', value: 'echo ${{ matrix.x }}\necho done\n', line: 6, column: 14 } }],
    });
  });

  it('takes conditions from GitHub\'s converter: stripped, defaulted, with the implicit success()', async () => {
    const text = 'on: push\njobs:\n  a:\n    if: ${{ github.ref == \'x\' }}\n    runs-on: x\n    steps:\n'
      + '      - run: one\n        if: failure() || github.ref\n      - run: two\n      - uses: a/b@v1\n        if: always()\n'
      + '  b:\n    uses: ./w.yml\n';
    const { conditions, diagnostics } = await parseWithGitHubParser('w.yml', text);
    expect(diagnostics).toEqual([]);
    expect(conditions.get('a')).toEqual({ if: "success() && (github.ref == 'x')", steps: ['failure() || github.ref', 'success()', 'always()'] });
    expect(conditions.get('b')).toEqual({ if: 'success()', steps: [] });
  });

  it('reads anchors and aliases', async () => {
    const result = await parseWithGitHubParser('w.yml', 'on: push\nenv: &e {A: "1"}\njobs:\n  a:\n    runs-on: x\n    env: *e\n    steps: [{run: x}]\n');
    expect(result.diagnostics).toEqual([]);
    expect(field(field(field(result.root, 'jobs'), 'a'), 'env')).toMatchObject({ kind: 'mapping', line: 2, entries: [{ key: 'A' }] });
  });
});

/** A "billion laughs": each of `levels` anchors is ten aliases of the one before. */
function lines(levels: number): string[] {
  const result = ['on: push', 'l0: &l0 [a, a, a, a, a, a, a, a, a, a]'];
  for (let i = 1; i < levels; i++) result.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return result;
}

describe('parseWithGitHubParser: hostile input', () => {
  it('refuses a billion-laughs alias bomb before expanding it, at the worst alias', async () => {
    const started = performance.now();
    const result = await parseWithGitHubParser('w.yml', `${lines(10).join('\n')}\njobs: {}\n`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.root).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `w.yml:11:10: YAML aliases expand this file by more than ${MAX_ALIAS_NODES} nodes (this alias alone adds 1111111111); use fewer or smaller anchored blocks`,
    ]);
  });

  it('counts expansion through chains of anchors, and accepts modest reuse', async () => {
    const chain = ['on: push', 'x0: &a0 [x]'];
    for (let i = 1; i < 500; i++) chain.push(`x${i}: &a${i} [*a${i - 1}]`);
    expect(await problems(`${chain.join('\n')}\njobs: {}\n`)).toEqual([
      `w.yml:501:14: YAML aliases expand this file by more than ${MAX_ALIAS_NODES} nodes (this alias alone adds 500); use fewer or smaller anchored blocks`,
    ]);
    const reuse = `on: push\nenv: &e {A: '1', B: '2'}\njobs:\n${Array.from({ length: 200 }, (_, i) => `  j${i}:\n    runs-on: x\n    env: *e\n    steps: [{run: x}]\n`).join('')}`;
    expect(await problems(reuse)).toEqual([]);
    const bomb = lines(9).concat('small: &s [1]', 'use: *s', 'jobs: {}');
    expect(await problems(bomb.join('\n'))).toEqual([
      `w.yml:10:10: YAML aliases expand this file by more than ${MAX_ALIAS_NODES} nodes (this alias alone adds 111111111); use fewer or smaller anchored blocks`,
    ]);
  });

  it('reports an alias with no anchor, which yaml itself leaves silent', async () => {
    expect(await problems('on: push\njobs:\n  a: *nope\n')).toEqual(["w.yml:3:6: The YAML alias '*nope' has no anchor '&nope' before it"]);
  });

  it('ignores a self-referencing anchor as the reader does', async () => {
    expect(await problems('on: push\nx: &s [1, *s]\njobs: {a: {runs-on: x, steps: [{run: x}]}}\n')).toEqual(["w.yml:2:1: Unexpected value 'x'"]);
  });

  it('refuses deep nesting without overflowing the stack', async () => {
    const deep = await parseWithGitHubParser('w.yml', `on: push\njobs: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(deep.root).toBeUndefined();
    expect(deep.diagnostics.length).toBeGreaterThan(0);
    expect(deep.diagnostics.every((d) => d.location.line >= 1 && d.location.column >= 1)).toBe(true);
    const nested = await parseWithGitHubParser('w.yml', `on: push\nenv:\n  A: ${'['.repeat(70)}${']'.repeat(70)}\njobs: {}\n`);
    expect(nested.root).toBeUndefined();
    expect(nested.diagnostics.map(formatDiagnostic)).toContain('w.yml:3:68: Values are nested more than 64 levels deep');
  });
});
