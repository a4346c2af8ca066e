import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromData } from './context-data.ts';
import { evaluateParsed } from './evaluator.ts';
import { parseExpression } from './parse.ts';
import { notAPath, propertyPathOf, readPropertyPath } from './property-path.ts';

/** The evaluator alone, without the shortcut, on the same parsed tree. */
function byEvaluator(text: string, contexts: Record<string, unknown>): unknown {
  const { path: _, ...parsed } = parseExpression(text);
  return fromData(evaluateParsed(parsed, contexts));
}

describe('propertyPathOf', () => {
  it.each([
    ['steps.build.outputs.version', ['steps', 'build', 'outputs', 'version']],
    ["needs['plan'].outputs['the-matrix']", ['needs', 'plan', 'outputs', 'the-matrix']],
    ['github', ['github']],
  ])('reads %s as a path', (text, path) => {
    expect(parseExpression(text).path).toEqual(path);
  });

  it.each(['steps.*.outputs', 'github.event.commits[0].id', "format('{0}', github.ref)", 'github.ref == \'x\'', "'text'", 'needs.a.outputs[github.ref]'])(
    'leaves %s to the evaluator',
    (text) => {
      expect(parseExpression(text).path).toBeUndefined();
      expect(propertyPathOf(parseExpression(text).ast)).toBeUndefined();
    },
  );
});

describe('readPropertyPath', () => {
  it('finds keys ignoring case, the exact key first, as the evaluator does', () => {
    const contexts = { steps: { Build: { outputs: { Out: 'exact', out: 'lower' } } } };
    expect(readPropertyPath(contexts, ['STEPS', 'build', 'outputs', 'out'])).toBe('lower');
    expect(readPropertyPath(contexts, ['steps', 'build', 'OUTPUTS', 'OUT'])).toBe('exact');
  });

  it('reads null below a missing key, a string, a number or a date', () => {
    const contexts = { github: { ref: 'refs/heads/main', run: 3, at: new Date(0), none: null } };
    for (const path of [['github', 'missing', 'x'], ['github', 'ref', 'length'], ['github', 'run', 'x'], ['github', 'at', 'x'], ['github', 'none', 'x']]) {
      expect(readPropertyPath(contexts, path)).toBeNull();
    }
  });

  it('hands an array indexed by name back to the evaluator', () => {
    expect(readPropertyPath({ matrix: { list: ['a', 'b'] } }, ['matrix', 'list', '1'])).toBe(notAPath);
    // ...which coerces the name to an index, as GitHub does.
    expect(evaluateParsed(parseExpression("matrix.list['1']"), { matrix: { list: ['a', 'b'] } }).coerceString()).toBe('b');
  });

  // Random contexts of mixed-case keys, nested objects, arrays, dates and scalars, read by random
  // paths (mostly along keys that exist, in any case): the shortcut and GitHub's evaluator agree.
  it('gives what GitHub evaluator gives for any context and path', () => {
    const key = fc.constantFrom('a', 'A', 'b', 'Out', 'out', 'x_y', 'k-1');
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(new Date(0)));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const name = fc.constantFrom('steps', 'needs', 'github', 'matrix');
    const contexts = fc.dictionary(name, tree, { maxKeys: 4 });
    const pathArb = fc.tuple(name, fc.array(fc.oneof(key, key.map((k) => k.toUpperCase())), { maxLength: 4 }));
    fc.assert(
      fc.property(contexts, pathArb, fc.boolean(), (ctx, [head, rest], bracket) => {
        const text = head + rest.map((k) => (bracket || k.includes('-') ? `['${k}']` : `.${k}`)).join('');
        const expected = byEvaluator(text, ctx);
        expect(fromData(evaluateParsed(parseExpression(text), ctx))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
