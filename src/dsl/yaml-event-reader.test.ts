/**
 * The reader must be indistinguishable from GitHub's own YamlObjectReader for the template reader:
 * the same events with the same tokens (kind, range, value, raw source, block header), the same
 * errors, the same failures. Both are drained side by side over every YAML file of the repository,
 * hand-written edge cases and random mutations of the workflow fixtures (fixed seed).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectReader } from '@actions/workflow-parser/templates/object-reader';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { YamlObjectReader } from '@actions/workflow-parser/workflows/yaml-object-reader';
import { YamlEventReader } from './yaml-event-reader.ts';

const root = join(import.meta.dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : yamlFiles(join(dir, e.name));
    return /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [];
  });
}

function describeToken(kind: string, token: TemplateToken): string {
  const { range, ...rest } = token as unknown as Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(rest).filter(([k]) => ['value', 'source', 'blockScalarHeader', 'file'].includes(k)));
  return `${kind} ${token.constructor.name} ${JSON.stringify(range)} ${JSON.stringify(fields)}`;
}

/** Enough for every file here; an alias bomb (a fixture) would otherwise expand without end. */
const MAX_EVENTS = 20_000;

/** Pulls every event the way the template reader does, recording tokens and failures. */
function drain(reader: ObjectReader): string[] {
  const out: string[] = [];
  const step = (): boolean => {
    let token: TemplateToken | undefined;
    if ((token = reader.allowLiteral())) out.push(describeToken('literal', token));
    else if ((token = reader.allowSequenceStart())) out.push(describeToken('sequence', token));
    else if (reader.allowSequenceEnd()) out.push('sequence end');
    else if ((token = reader.allowMappingStart())) out.push(describeToken('mapping', token));
    else if (reader.allowMappingEnd()) out.push('mapping end');
    else return false;
    return true;
  };
  try {
    reader.validateStart();
    while (step()) if (out.length >= MAX_EVENTS) return out;
    reader.validateEnd();
    out.push('end');
    // Past the end, nothing more is offered and a second end is refused.
    if (step()) out.push('event after the end');
    reader.validateEnd();
  } catch (e) {
    out.push(`threw ${(e as Error).message}`);
  }
  return out;
}

function expectSameAsGitHub(text: string): void {
  const theirs = new YamlObjectReader(7, text);
  const ours = new YamlEventReader(7, text);
  expect(ours.errors).toEqual(theirs.errors);
  expect(drain(ours)).toEqual(drain(theirs));
}

const edgeCases: Record<string, string> = {
  'block scalars with headers': 'a: |\n  x ${{ y }}\n  z\nb: >-\n  folded\n  text\nc: |+2\n    kept\n\nd: >\n',
  'multi-line quoted and plain': 'a: "one\n  two ${{ x }}"\nb: \'it\'\'s\n  two\'\nc: plain\n  continued\n',
  'flow collections and scalars of every type': 'a: [1, 2.5, true, null, ~, "s", {b: c}]\nd: {e: [f]}\n0x1F: 1e3\n',
  'anchors, aliases and merge keys': 'a: &x {b: [1, *y]}\ny: &y 2\nc: *x\nd: {<<: *x, e: 3}\n',
  'circular alias': 'a: &a [*a, 1]\nb: *a\n',
  'undefined alias': 'a: *nope\n',
  'complex and empty keys': '? [a, b]\n: c\n? {d: e}\n: f\n"": g\n',
  'null key': ': x\n',
  'missing values': 'a:\nb: ~\nc: {d, e: }\n- f\n',
  'empty document': '',
  'comment only': '# nothing\n',
  'scalar document': 'just text\n',
  'several documents': 'a: 1\n---\nb: 2\n',
  'syntax errors': 'a: [1, 2\nb: "open\n\tc: d\n',
  'CRLF line ends': 'on: push\r\njobs:\r\n  a:\r\n    run: |\r\n      echo ${{ x }}\r\n      two\r\n',
  'tags': 'a: !!str 1\nb: !!int "2"\nc: !custom x\n',
};

describe('YamlEventReader: the same event stream as GitHub\'s YamlObjectReader', () => {
  it('for every YAML file of the repository', () => {
    const files = yamlFiles(join(root, 'examples')).concat(yamlFiles(join(root, 'test')), yamlFiles(join(root, 'src')));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expectSameAsGitHub(readFileSync(file, 'utf8'));
  });

  for (const [name, text] of Object.entries(edgeCases)) {
    it(`for ${name}`, () => expectSameAsGitHub(text));
  }

  it('for random mutations of the workflow fixtures', () => {
    const dir = join(root, 'test/fixtures/workflows/valid');
    const seeds = readdirSync(dir).map((n) => readFileSync(join(dir, n), 'utf8'));
    const fragments = ['${{ x }}', ':', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '"', "'", '#', '|', '>-', '|+', '\n', '\t', '  ', '? ', '!!str ', '---\n'];
    const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...fragments)), { maxLength: 4 }))
      .map(([text, edits]) => edits.reduce((t, [p, s]) => t.slice(0, p % (t.length + 1)) + s + t.slice(p % (t.length + 1)), text));
    fc.assert(fc.property(mutated, (text) => expectSameAsGitHub(text)), { seed: 20251124, numRuns: 300 });
  });

  it('offers nothing before validateStart and refuses a second start', () => {
    const reader = new YamlEventReader(1, 'a: 1\n');
    expect(reader.allowMappingStart()).toBeUndefined();
    expect(reader.allowSequenceEnd()).toBe(false);
    reader.validateStart();
    expect(() => reader.validateStart()).toThrow('Expected start of reader');
  });
});
