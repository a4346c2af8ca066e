// The built-in functions come from @actions/expressions; these pin them to GitHub's documented
// examples (docs.github.com, "Evaluate expressions in workflows and actions" → Functions).
import { describe, expect, it } from 'vitest';
import { evaluateTemplate } from './index.ts';

const contexts = {
  github: {
    event_name: 'push',
    event: { issue: { labels: [{ name: 'bug' }, { name: 'help wanted' }] } },
  },
  env: { LIST: '["push", "pull_request"]', NUMBER: '42', OBJECT: '{"include":[{"os":"linux"}]}' },
  job: { status: 'success', container: { id: 'c1' } },
  matrix: { n: 1e15, half: 0.5 },
};

const value = (expression: string): unknown => evaluateTemplate(`\${{ ${expression} }}`, contexts);

describe('contains', () => {
  it.each([
    ["contains('Hello world', 'llo')", true],
    ["contains('Hello world', 'LLO')", true],
    ["contains('Hello world', 'xyz')", false],
    ["contains(github.event.issue.labels.*.name, 'bug')", true],
    ["contains(github.event.issue.labels.*.name, 'BUG')", true],
    ["contains(github.event.issue.labels.*.name, 'bu')", false],
    ['contains(fromJSON(env.LIST), github.event_name)', true],
    ["contains(fromJSON('[1, 2]'), '2')", true],
    ["contains(fromJSON('[]'), 'x')", false],
    ["contains(123, '23')", true],
    ["contains(true, 'ru')", true],
    ["contains(github.event, 'issue')", false],
    ["contains('x', github.event)", false],
  ])('%s is %s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('startsWith / endsWith', () => {
  it.each([
    ["startsWith('Hello world', 'He')", true],
    ["startsWith('Hello world', 'hE')", true],
    ["startsWith('Hello world', 'world')", false],
    ["endsWith('Hello world', 'ld')", true],
    ["endsWith('Hello world', 'LD')", true],
    ["endsWith('Hello world', 'He')", false],
    ["startsWith(github.event, 'x')", false],
    ["endsWith('x', github.event)", false],
    ["startsWith(12345, 12)", true],
  ])('%s is %s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('format', () => {
  it.each([
    ["format('Hello {0} {1} {2}', 'Mona', 'the', 'Octocat')", 'Hello Mona the Octocat'],
    ["format('{{Hello {0} {1} {2}!}}', 'Mona', 'the', 'Octocat')", '{Hello Mona the Octocat!}'],
    ["format('{0}-{0}', 'x')", 'x-x'],
    ["format('n={0} b={1} z={2}', matrix.n, true, null)", 'n=1E+15 b=true z='],
    ["format('{0}', github.event)", 'Object'],
    ["format('no placeholders')", 'no placeholders'],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('join', () => {
  it.each([
    ["join(github.event.issue.labels.*.name, ', ')", 'bug, help wanted'],
    ['join(github.event.issue.labels.*.name)', 'bug,help wanted'],
    ["join('abc', '-')", 'abc'],
    ["join(fromJSON('[1, 1e15, true, null]'), '|')", '1|1E+15|true|'],
    ['join(github.event)', ''],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('toJSON', () => {
  it('pretty-prints with two spaces', () => {
    expect(value('toJSON(job)')).toBe('{\n  "status": "success",\n  "container": {\n    "id": "c1"\n  }\n}');
    expect(value('toJSON(github.event.issue.labels.*.name)')).toBe('[\n  "bug",\n  "help wanted"\n]');
  });

  it.each([
    ["toJSON('x')", '"x"'], ['toJSON(null)', 'null'], ['toJSON(true)', 'true'], ['toJSON(0.5)', '0.5'],
    ["toJSON(fromJSON('{}'))", '{}'], ['toJSON(github.nothing)', 'null'],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('fromJSON', () => {
  it.each([
    ["fromJSON('{\"a\": 1}').a", 1],
    ['fromJSON(env.NUMBER)', 42],
    ["fromJSON(' 42 ')", 42],
    ["fromJSON('true')", true],
    ["fromJSON('null')", null],
    ["fromJSON('\"text\"')", 'text'],
    ['fromJSON(env.OBJECT)', { include: [{ os: 'linux' }] }],
    ['fromJSON(env.OBJECT).INCLUDE[0].OS', 'linux'],
    ["fromJSON('[1, [2, {\"b\": null}]]')", [1, [2, { b: null }]]],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it('gives numbers that print like GitHub', () => {
    expect(evaluateTemplate("n=${{ fromJSON('1e15') }}", contexts)).toBe('n=1E+15');
    expect(evaluateTemplate("${{ fromJSON('[1,2]') == fromJSON('[1,2]') }}", contexts)).toBe(false);
  });

  it('round-trips through toJSON', () => {
    expect(value('fromJSON(toJSON(job))')).toEqual(contexts.job);
  });
});

describe('case', () => {
  it.each([
    ["case(true, 'a', 'b')", 'a'],
    ["case(false, 'a', 'b')", 'b'],
    ["case(1 == 2, 'a', github.event_name == 'push', 'b', 'c')", 'b'],
  ])('%s gives %j', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

describe('function names ignore case', () => {
  it.each([["CONTAINS('abc', 'B')", true], ["tojson('x')", '"x"'], ["FromJson('1')", 1], ["Format('{0}', 1)", '1']])('%s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});
