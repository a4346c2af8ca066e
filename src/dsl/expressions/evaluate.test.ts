import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../../core/errors.ts';
import {
  evaluateCondition, evaluateString, evaluateTemplate, evaluateValue, isExpressionError,
  validateCondition, validateExpression, validateTemplate,
} from './index.ts';
import type { ExpressionError, StatusState } from './index.ts';

const contexts = {
  github: {
    ref: 'refs/heads/main',
    event_name: 'push',
    event: {
      inputs: { 'dry-run': 'true', level: 3 },
      issue: { labels: [{ name: 'bug' }, { name: 'help wanted' }] },
    },
  },
  env: { PATH: '/usr/bin', EMPTY: '' },
  matrix: { 'node-version': 20, os: 'ubuntu-latest', python: 3.1 },
  steps: {
    build: { outputs: { artifact: 'app.tgz', size: '12' }, outcome: 'success', conclusion: 'success' },
    test: { outputs: { report: 'r.xml' }, outcome: 'failure', conclusion: 'success' },
  },
  needs: { a: { result: 'success', outputs: {} }, b: { result: 'failure', outputs: {} } },
  vars: { fruits: [{ name: 'apple', quantity: 1 }, { name: 'orange', quantity: 2 }, { name: 'pear', quantity: 1 }] },
};

const ok: StatusState = { failed: false, cancelled: false };
const failed: StatusState = { failed: true, cancelled: false };
const cancelled: StatusState = { failed: false, cancelled: true };
const failedThenCancelled: StatusState = { failed: true, cancelled: true };

const value = (expression: string): unknown => evaluateTemplate(`\${{ ${expression} }}`, contexts);

describe('literals (GitHub docs: Literals)', () => {
  it.each([
    ['null', null], ['false', false], ['true', true], ['711', 711], ['-9.2', -9.2], ['0xff', 255], ['-2.99e-2', -0.0299],
    ["'Mona the Octocat'", 'Mona the Octocat'], ["'It''s open source!'", "It's open source!"], ["'a''b''c'", "a'b'c"],
    ["''", ''], ['Infinity', Infinity],
  ])('%s', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });
});

describe('loose equality and coercion (GitHub docs: Operators)', () => {
  it.each([
    ["1 == '1'", true], ["'' == 0", true], ['null == 0', true], ["null == ''", true], ['null == false', true],
    ['true == 1', true], ["true == '1'", true], ["'true' == true", false], ["'abc' == 'ABC'", true], ['NaN == NaN', false],
    ["'0x10' == 16", true], ["' 12 ' == 12", true], ["'1e3' == 1000", true], ["'abc' == 0", false], ['1 != 2', true],
    ["fromJSON('[]') == fromJSON('[]')", false], ['github.event == github.event', true], ['github.event == github.EVENT', true],
    ["github.event == 'Object'", false], ['null == null', true], ["'ı' == 'I'", false],
  ])('%s is %s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('ordering', () => {
  it.each([
    ['2 > 10', false], ["'2' > '10'", true], ["'2' > 10", false], ["'a' < 'B'", true], ["'B' <= 'b'", true], ['true > false', true],
    ['null < 1', true], ['1 >= 1', true], ["'x' > 1", false], ['github.event > github.event', false], ['false < true', true],
  ])('%s is %s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('logical operators return an operand, like JavaScript', () => {
  it.each([
    ["'a' && 'b'", 'b'], ["'' || 'default'", 'default'], ['null || 0', 0], ['1 && 0', 0], ["!''", true], ["!'0'", false],
    ['!0', true], ['!NaN', true], ['!github.event', false], ["!'' == true", true], ['1 == 1 == true', true],
    ["github.ref == 'refs/heads/main' && 'prod' || 'dev'", 'prod'], ["github.ref == 'x' && 'prod' || 'dev'", 'dev'],
    ["(false || 'x') && 'y'", 'y'],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });
});

describe('property and index access', () => {
  it.each([
    ["matrix['node-version']", 20], ['matrix.node-version', 20], ["github['ref']", 'refs/heads/main'], ['GITHUB.REF', 'refs/heads/main'],
    ['steps.BUILD.Outputs.artifact', 'app.tgz'], ['github.event.issue.labels[0].name', 'bug'], ["github.event.issue.labels['1'].name", 'help wanted'],
    ['github.event.issue.labels[1.7].name', 'help wanted'], ['github.event.issue.labels[5]', null], ['github.event.issue.labels[-1]', null],
    ["github.event.inputs['dry-run']", 'true'], ['github.event.inputs.level', 3], ['github.ref.length', null], ['github.ref[0]', null],
    ['github.nope.deeper.still', null], ['jobs', null], ['env.path', '/usr/bin'], ['env.EMPTY', ''], ['(github).ref', 'refs/heads/main'],
    ["fromJSON('{\"a\":{\"b\":[10,20]}}').a.b[1]", 20],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });
});

describe('object filters (GitHub docs: Object filters)', () => {
  it.each([
    ['vars.fruits.*.name', ['apple', 'orange', 'pear']],
    ['steps.*.outputs.artifact', ['app.tgz']],
    ['steps.*.outcome', ['success', 'failure']],
    ["contains(needs.*.result, 'failure')", true],
    ["contains(needs.*.result, 'cancelled')", false],
    ['github.event.issue.labels.*.name', ['bug', 'help wanted']],
    ['github.event.issue.labels.*', [{ name: 'bug' }, { name: 'help wanted' }]],
    ['vars.fruits.*.*', ['apple', 1, 'orange', 2, 'pear', 1]],
    ['github.ref.*', []],
    ['vars.fruits[*].quantity', [1, 2, 1]],
    ["fromJSON('[[1,2],[3]]').*[1]", [2]],
    ["fromJSON('[[1,2],[3]]').*.*", [1, 2, 3]],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });
});

describe('evaluateTemplate', () => {
  it('returns text without ${{ unchanged', () => {
    expect(evaluateTemplate('plain {{ text }}', contexts)).toBe('plain {{ text }}');
  });

  it('keeps the type of a whole-string expression', () => {
    expect(evaluateTemplate('${{ matrix.node-version }}', contexts)).toBe(20);
    expect(evaluateTemplate("${{ fromJSON('{\"a\":[1,true,null]}') }}", contexts)).toEqual({ a: [1, true, null] });
    expect(evaluateTemplate('${{github.event.inputs}}', contexts)).toEqual({ 'dry-run': 'true', level: 3 });
  });

  it('returns a copy, not the context itself', () => {
    const copy = evaluateTemplate('${{ github.event.issue }}', contexts) as { labels: unknown[] };
    copy.labels.push('x');
    expect(contexts.github.event.issue.labels).toHaveLength(2);
  });

  it.each([
    ['v${{ matrix.node-version }}', 'v20'],
    ['${{ null }}|${{ true }}|${{ false }}', '|true|false'],
    ['${{ github }} ${{ vars.fruits }}', 'Object Array'],
    ['n=${{ 1e15 }}', 'n=1E+15'],
    ['n=${{ matrix.python }}', 'n=3.1'],
    ['n=${{ 123456789012345678 }}', 'n=1.23456789012346E+17'],
    ['n=${{ 0.000001 }} ${{ -0.5 }}', 'n=1E-06 -0.5'],
    [' ${{ github.ref }}', ' refs/heads/main'],
    ["${{ format('{0}}}', 'x') }}", 'x}'],
    ["a ${{ '}}' }} b", 'a }} b'],
    ["${{ '${{' }}", '${{'],
    ['${{ github.ref }}}', 'refs/heads/main}'],
    ["${{ 'it''s' }}-${{ 'x' }}", "it's-x"],
    ['${{ github.ref }}${{ github.event_name }}', 'refs/heads/mainpush'],
  ])('%s gives %j', (template, expected) => {
    expect(evaluateTemplate(template, contexts)).toBe(expected);
  });
});

describe('evaluateString', () => {
  it.each([
    ['echo ${{ steps.build.outputs.artifact }}', 'echo app.tgz'],
    ['${{ 1e15 }}', '1E+15'],
    ['${{ null }}', ''],
    ['${{ true }}', 'true'],
    ['plain', 'plain'],
    ['x ${{ github }}', 'x Object'],
  ])('%s gives %j', (template, expected) => {
    expect(evaluateString(template, contexts)).toBe(expected);
  });

  it('refuses a mapping or a sequence', () => {
    expect(() => evaluateString('${{ github.event }}', contexts)).toThrow(/a string was expected, but it gives a mapping/);
    expect(() => evaluateString('${{ vars.fruits }}', contexts)).toThrow(/a sequence/);
  });
});

describe('evaluateValue', () => {
  it('evaluates templates at any depth, keys included', () => {
    const input = {
      plain: 1, flag: true, none: null, text: 'v${{ matrix.node-version }}', list: ['${{ matrix.os }}', 2, ['${{ 1 == 1 }}']],
      '${{ matrix.os }}-key': { nested: '${{ matrix.node-version }}' },
    };
    expect(evaluateValue(input, contexts)).toEqual({
      plain: 1, flag: true, none: null, text: 'v20', list: ['ubuntu-latest', 2, [true]], 'ubuntu-latest-key': { nested: 20 },
    });
  });

  it('passes scalars through', () => {
    expect(evaluateValue(3, contexts)).toBe(3);
    expect(evaluateValue(null, contexts)).toBeNull();
    expect(evaluateValue('${{ 1 }}', contexts)).toBe(1);
  });
});

describe('evaluateCondition and the status functions', () => {
  it.each<[string, StatusState, boolean]>([
    ['', ok, true], ['', failed, false], ['  ', cancelled, false],
    ['success()', ok, true], ['success()', failed, false], ['success()', cancelled, false],
    ['failure()', ok, false], ['failure()', failed, true], ['failure()', failedThenCancelled, false],
    ['cancelled()', ok, false], ['cancelled()', cancelled, true], ['cancelled()', failedThenCancelled, true],
    ['always()', ok, true], ['always()', failedThenCancelled, true], ['always() && false', failed, false],
    ['!cancelled()', failed, true], ['!cancelled()', cancelled, false], ['FAILURE()', failed, true],
    ['true', ok, true], ['true', failed, false], ['true', cancelled, false], ['false', ok, false],
    ["github.ref == 'refs/heads/main'", ok, true], ["github.ref == 'refs/heads/dev'", ok, false],
    ["contains('failure()', 'x') || true", failed, false],
    ["success() || failure()", failed, true],
    ["steps.test.outcome == 'failure'", failed, false], ["failure() && steps.test.outcome == 'failure'", failed, true],
    ['${{ failure() }}', failed, true], ['${{ github.ref }}', ok, true], ['${{ env.EMPTY }}', ok, false],
    ['  ${{ always() }}  ', cancelled, true], ['${{ false }}', ok, false], ['0', ok, false], ["'0'", ok, true],
    ["${{ github.ref }} == 'refs/heads/dev'", ok, true], ["${{ github.ref }} == 'x'", failed, false],
    ['${{ env.EMPTY }}${{ env.EMPTY }}', ok, false], ['${{ failure() }} x', failed, true],
    ['github.event', ok, true], ['vars.fruits.*.nothing', ok, true],
  ])('%j with %j is %s', (condition, status, expected) => {
    expect(evaluateCondition(condition, contexts, status)).toBe(expected);
  });

  it('offers status functions only in conditions', () => {
    expect(() => evaluateTemplate('${{ success() }}', contexts)).toThrow(/success\(\) can only be used in an if: condition/);
  });
});

describe('errors', () => {
  const expectError = (run: () => unknown, detail: RegExp) => {
    let caught: unknown;
    try {
      run();
    } catch (e) {
      caught = e;
    }
    expect(isExpressionError(caught)).toBe(true);
    expect((caught as ExpressionError).detail).toMatch(detail);
    return caught as ExpressionError;
  };

  it.each([
    ['foo()', /Unrecognized function: 'foo'/],
    ['nope.x', /Unrecognized named-value: 'nope'/],
    ['github.ref ==', /Unexpected end of expression/],
    ["'abc", /Unexpected symbol: ''abc' at position 1/],
    ['1 + 2', /Unexpected symbol: '\+' at position 3/],
    ["contains('a')", /Too few parameters supplied: 'contains'/],
    ['success(1)', /Too many parameters supplied: 'success'/],
    ["hashFiles()", /Too few parameters/],
    ['github.ref github.sha', /Unexpected symbol: 'github' at position 12/],
    ['a =b', /Unrecognized named-value|Unexpected symbol/],
    ['(\n  github.ref ==\n)', /at line 3, column 1/],
    [`${'('.repeat(60)}1${')'.repeat(60)}`, /Exceeded max expression depth 50/],
    [`'${'x'.repeat(21001)}'`, /longer than 21000 characters/],
    ["format('{0', 'x')", /format string is invalid/],
    ["format('{1}', 'x')", /references more arguments than were supplied/],
    ["fromJSON('not json')", /fromJSON\(\) was given text that is not JSON/],
    ["fromJSON('  ')", /empty string/],
    ["case(1, 'a', 'b')", /case predicate must evaluate to a boolean/],
  ])('%s fails with %s', (expression, detail) => {
    expectError(() => evaluateCondition(expression, contexts, ok), detail);
  });

  it('reports template errors with the faulty text', () => {
    expectError(() => evaluateTemplate('echo ${{ github.ref', contexts), /the \$\{\{ is not closed/);
    expectError(() => evaluateTemplate('echo ${{ }}', contexts), /an expression was expected/);
    expectError(() => evaluateTemplate("${{ 'unterminated }}", contexts), /not closed/);
    expectError(() => evaluateCondition('${{ nope }}', contexts, ok), /Unrecognized named-value/);
    expectError(() => evaluateString('${{ nope }}', contexts), /Unrecognized named-value/);
  });

  it('is a catalogued AutodevopsError carrying the expression', () => {
    const e = expectError(() => value("fromJSON('{')"), /not JSON/);
    expect(e).toBeInstanceOf(AutodevopsError);
    expect(e.code).toBe('ADO_WORKFLOW_INVALID');
    expect(e.expression).toBe("fromJSON('{')");
    expect(e.message).toBe(`The expression 'fromJSON('{')' is not valid: ${e.detail}`);
    expect(e.hint).toMatch(/GitHub Actions/);
    expect(e.cause).toBeInstanceOf(Error);
    expect(isExpressionError(new Error('x'))).toBe(false);
    expect(isExpressionError(null)).toBe(false);
  });

  it('throws the same error again for a cached faulty expression', () => {
    const first = expectError(() => value('github.'), /Unexpected/);
    const second = expectError(() => value('github.'), /Unexpected/);
    expect(second.message).toBe(first.message);
  });
});

describe('validation', () => {
  it('validates bare expressions', () => {
    expect(validateExpression("github.ref == 'x' && success()")).toBeUndefined();
    expect(validateExpression('hashFiles(\'**/x\')')).toBeUndefined();
    expect(validateExpression('foo(')).toMatch(/not valid/);
    expect(validateExpression('')).toMatch(/an expression was expected/);
  });

  it('validates templates', () => {
    expect(validateTemplate('a ${{ matrix.os }} b ${{ env.X }}')).toBeUndefined();
    expect(validateTemplate('no expressions')).toBeUndefined();
    expect(validateTemplate('a ${{ matrix.os }} b ${{ nope }}')).toMatch(/Unrecognized named-value: 'nope'/);
  });

  it('validates conditions, bare or wrapped', () => {
    expect(validateCondition('')).toBeUndefined();
    expect(validateCondition('failure()')).toBeUndefined();
    expect(validateCondition('${{ failure() }}')).toBeUndefined();
    expect(validateCondition('${{ failure( }}')).toMatch(/Unexpected/);
    expect(validateCondition('failure(')).toMatch(/Unexpected/);
  });
});

describe('values that cannot be copied out', () => {
  it('reports a cyclic context as an expression error', () => {
    const event: Record<string, unknown> = { name: 'e' };
    event.self = event;
    expect(evaluateTemplate('${{ github.event.self.self.name }}', { github: { event } })).toBe('e');
    expect(() => evaluateTemplate('${{ github.event }}', { github: { event } })).toThrow(/its value cannot be copied/);
    expect(() => evaluateTemplate('${{ toJSON(github.event) }}', { github: { event } })).toThrow(/not valid/);
  });

  it('shortens a long expression in the message but keeps it whole', () => {
    const long = `'${'x'.repeat(300)}' == nope`;
    let caught: ExpressionError | undefined;
    try {
      evaluateCondition(long, contexts, ok);
    } catch (e) {
      caught = e as ExpressionError;
    }
    expect(caught?.expression).toBe(long);
    expect(caught?.message).toContain('…');
    expect(caught!.message.length).toBeLessThan(400);
  });

  it('reports long bad JSON shortened', () => {
    expect(() => evaluateTemplate(`\${{ fromJSON('${'{'.repeat(150)}') }}`, contexts)).toThrow(/…$/);
  });
});
