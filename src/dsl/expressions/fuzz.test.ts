// Property: whatever the text and whatever the context data, evaluation returns or throws an
// ExpressionError, never another error and never hangs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateString, evaluateTemplate, isExpressionError, validateCondition } from './index.ts';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ado-fuzz-'));
fs.writeFileSync(path.join(workspace, 'a.txt'), 'a');
afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

const contexts = {
  github: { workspace, ref: 'refs/heads/main', event: { labels: [{ name: 'bug' }], n: 1.5 } },
  env: { A: 'x', JSON: '{"a":[1,2]}' },
  steps: { s1: { outputs: { out: 'v' }, outcome: 'success' } },
  matrix: { os: 'linux', 'node-version': 20 },
};

const valid = [
  "github.ref == 'refs/heads/main' && success()",
  "contains(github.event.labels.*.name, 'bug')",
  "format('{0}-{1}', env.A, matrix['node-version'])",
  'fromJSON(env.JSON).a[1]',
  "startsWith(github.ref, 'refs/') || failure()",
  "join(steps.*.outputs.out, ', ')",
  "hashFiles('**/*.txt')",
  '!cancelled() && (matrix.os != null)',
  "toJSON(github.event)",
  "case(always(), 'a', 'b')",
];

const tokens = [
  'github', 'env', 'steps', 'matrix', 'nope', '.', '*', '[', ']', '(', ')', ',', "'", "''", "'x'", '==', '!=', '<', '>=',
  '&&', '||', '!', '1', '-2.5e3', '0x1f', 'NaN', 'Infinity', 'null', 'true', 'contains', 'format', "'{0}}'", 'fromJSON',
  'toJSON', 'join', 'hashFiles', "'../x'", "'**'", 'success()', 'always', 'case', ' ', '\n', '${{', '}}', '{', '}', '=', '&', '|',
];

const runAll = (text: string, data: Record<string, unknown>): void => {
  for (const run of [
    () => evaluateCondition(text, data, { failed: false, cancelled: false }),
    () => evaluateTemplate(text, data),
    () => evaluateTemplate(`\${{ ${text} }}`, data),
    () => evaluateString(`x \${{ ${text} }}`, data),
    () => validateCondition(text),
  ]) {
    try {
      run();
    } catch (e) {
      if (!isExpressionError(e)) throw e;
    }
  }
};

const mutate = (text: string, edits: Array<[number, number, string]>): string => {
  let result = text;
  for (const [at, remove, insert] of edits) {
    const i = at % (result.length + 1);
    result = result.slice(0, i) + insert + result.slice(i + (remove % 3));
  }
  return result;
};

const settings = { seed: 20240613, numRuns: 500 };

describe('evaluation never fails with anything but ExpressionError', () => {
  it('on sequences of expression tokens', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 25 }), (parts) => {
      runAll(parts.join(''), contexts);
    }), settings);
  });

  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      runAll(text, contexts);
    }), settings);
  });

  it('on mutations of valid expressions', () => {
    const edit = fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 2 })));
    fc.assert(fc.property(fc.constantFrom(...valid), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
      runAll(mutate(text, edits), contexts);
    }), settings);
  });

  it('on valid expressions over arbitrary context data', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    // github.workspace stays fixed: a random one could make hashFiles walk a whole disk.
    const data = fc.record({ github: fc.dictionary(fc.constantFrom('ref', 'event', 'Ref', 'inputs'), json), env: json, steps: json, matrix: json });
    fc.assert(fc.property(fc.constantFrom(...valid), data, (text, ctx) => {
      runAll(text, { ...ctx, github: { ...ctx.github, workspace } });
    }), settings);
  });

  it('really does throw ExpressionError for broken input', () => {
    expect(() => evaluateTemplate('${{ github. }}', contexts)).toThrow(/not valid/);
  });
});
