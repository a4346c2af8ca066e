/**
 * GitHub's cross-language expression test cases (vendored in ./expressions, MIT, from
 * actions/languageservices) run through our expression layer, as the upstream runner
 * (`expressions/src/xlang.test.ts`) runs them through @actions/expressions: lexing and parsing
 * errors must be reported when the expression is validated, evaluation errors when it is
 * evaluated, and results must match in kind and JSON value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateExpression, isExpressionError, validateExpression } from '../../src/dsl/expressions/index.ts';

interface ConformanceCase {
  expr: string;
  contexts?: Record<string, unknown>;
  result?: { kind: string; value: unknown };
  err?: { kind: 'lexing' | 'parsing' | 'evaluation'; value: string };
  options?: { skip?: string[] };
}

const folder = path.join(import.meta.dirname, 'expressions');
const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();

/** Every case of every file, with the file and group it belongs to. */
const all = files.flatMap((file) => {
  const groups = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Record<string, ConformanceCase[]>;
  return Object.entries(groups).flatMap(([group, cases]) => cases.map((c, i) => ({ file, group, index: i, case: c })));
});

// Upstream skips cases marked for other implementations only; so do we (none are, today).
const runnable = all.filter((c) => !(c.case.options?.skip ?? []).includes('typescript'));

/** The kind names the cases use, for a plain value. */
function kindOf(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  const kinds: Record<string, string> = { boolean: 'Boolean', number: 'Number', string: 'String', object: 'Object' };
  return kinds[typeof value] ?? typeof value;
}

/**
 * Upstream messages read `<message>. Located at position N within expression: <expr>`; ours say
 * `<message> at position N`. Both name the same problem at the same place.
 */
function expectSameError(actual: string, expected: string): void {
  const located = /^(.*)\. Located at position (\d+) within expression: /s.exec(expected);
  if (located === null) return void expect(actual).toContain(expected);
  expect(actual).toContain(located[1]);
  expect(actual).toContain(`position ${located[2]}`);
}

function runCase(c: ConformanceCase): void {
  const contexts = c.contexts ?? {};
  const options = { contextNames: Object.keys(contexts) };
  const syntaxError = validateExpression(c.expr, options);
  if (c.err && c.err.kind !== 'evaluation') {
    expect(syntaxError, `expected a ${c.err.kind} error`).toBeDefined();
    return expectSameError(syntaxError!, c.err.value);
  }
  expect(syntaxError).toBeUndefined();
  let value: unknown;
  try {
    value = evaluateExpression(c.expr, contexts, options);
  } catch (e) {
    if (!c.err || !isExpressionError(e)) throw e;
    return expectSameError(e.detail, c.err.value);
  }
  expect(c.err, `expected an evaluation error, got ${JSON.stringify(value)}`).toBeUndefined();
  expect(kindOf(value)).toBe(c.result!.kind);
  expect(JSON.stringify(value)).toBe(JSON.stringify(c.result!.value));
}

describe('expression conformance (actions/languageservices testdata)', () => {
  it('has the vendored cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    expect(runnable.length).toBeGreaterThan(300);
  });

  for (const file of files) {
    describe(file, () => {
      const cases = runnable.filter((c) => c.file === file);
      if (cases.length === 0) it.skip('has no runnable cases', () => undefined);
      for (const { group, index, case: c } of cases) it(`${group} #${index}: ${c.expr}`, () => runCase(c));
    });
  }
});
