import { describe, expect, it } from 'vitest';
import { expressionReferences } from './index.ts';

describe('expressionReferences', () => {
  it('lists each context with its literal path', () => {
    expect(expressionReferences("${{ steps.build.outputs.x }} and ${{ matrix['node-version'] }} ${{ env.A }}").references).toEqual([
      { context: 'steps', path: ['build', 'outputs', 'x'] },
      { context: 'matrix', path: ['node-version'] },
      { context: 'env', path: ['A'] },
    ]);
  });

  it('stops the path at a computed index or a star, and follows the index expression', () => {
    const usage = expressionReferences('${{ needs[matrix.job].outputs.x }} ${{ steps.*.outputs.y }} ${{ github.event.list[0] }}');
    expect(usage.references).toEqual([
      { context: 'needs', path: [] },
      { context: 'matrix', path: ['job'] },
      { context: 'steps', path: [] },
      { context: 'github', path: ['event', 'list', '0'] },
    ]);
  });

  it('lists a bare context and the functions called, lower-cased and once', () => {
    const usage = expressionReferences("contains(toJSON(GITHUB), 'x') && Success() && success() && fromJSON(inputs.cfg).a", 'condition');
    expect(usage.references).toEqual([{ context: 'github', path: [] }, { context: 'inputs', path: ['cfg'] }]);
    expect(usage.functions).toEqual(['contains', 'tojson', 'success', 'fromjson']);
  });

  it('reads conditions wrapped in ${{ }} and empty conditions', () => {
    expect(expressionReferences('${{ vars.x }}', 'condition').references).toEqual([{ context: 'vars', path: ['x'] }]);
    expect(expressionReferences('  ', 'condition')).toEqual({ references: [], functions: [] });
    expect(expressionReferences('no template')).toEqual({ references: [], functions: [] });
  });

  it('stops the path at a null index', () => {
    expect(expressionReferences('${{ env[null] }}').references).toEqual([{ context: 'env', path: [] }]);
  });

  it('throws on a syntax error', () => {
    expect(() => expressionReferences('${{ env. }}')).toThrow(/not valid/);
  });
});
