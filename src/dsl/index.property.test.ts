/**
 * Property: whatever the text, parseWorkflowText returns a workflow or throws an AutodevopsError
 * whose every diagnostic is positioned inside the file with a message — never another exception,
 * never a hang. Inputs: valid workflows with random mutations, random workflow-shaped documents,
 * and arbitrary text. A fixed seed keeps runs reproducible.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isAutodevopsError } from '../core/errors.ts';
import { parseWorkflowText } from './index.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/workflows/valid');
const seeds = ['ci.yml', 'everything.yml', 'anchors.yml'].map((n) => readFileSync(join(fixtures, n), 'utf8'));
// ADO_FUZZ_SEED / ADO_FUZZ_RUNS explore further without changing the committed, reproducible run.
const SEED = Number(process.env.ADO_FUZZ_SEED ?? 20240611);
const RUNS = Number(process.env.ADO_FUZZ_RUNS ?? 1);
/** A generous bound: parsing takes milliseconds; this only catches runaway cases. */
const MAX_MS_PER_CASE = 2_000;

const fragments = ['${{', '}}', '${{ github.ref }}', ':', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '"', "'", '#', '|', '>-', '\n', '\t', '  ', '\\', '---\n', '? ', '!!str ', '%YAML 1.2\n', '\u0000', '\uFEFF', '𝒳'];
const keys = ['on', 'jobs', 'runs-on', 'steps', 'run', 'uses', 'needs', 'if', 'env', 'with', 'strategy', 'matrix', 'include', 'exclude', 'id', 'name', 'outputs', 'concurrency', 'environment', 'secrets', 'services', 'container', 'defaults', 'timeout-minutes', 'continue-on-error', 'workflow_dispatch', 'inputs', 'push', 'x'];

type Mutation = (text: string) => string;

const at = (text: string, p: number): number => (text.length === 0 ? 0 : p % (text.length + 1));
const lineAt = (lines: string[], p: number): number => p % lines.length;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })).map(([p, n]): Mutation => (t) => t.slice(0, at(t, p)) + t.slice(at(t, p) + n)),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 }))).map(([p, s]): Mutation => (t) => t.slice(0, at(t, p)) + s + t.slice(at(t, p))),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (t) => {
    const lines = t.split('\n');
    const [i, j] = [lineAt(lines, a), lineAt(lines, b)];
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([a, d]): Mutation => (t) => {
    const lines = t.split('\n');
    const i = lineAt(lines, a);
    lines[i] = d >= 0 ? ' '.repeat(d) + lines[i] : lines[i]!.slice(-d);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...keys), fc.nat({ max: 8 }), fc.string({ maxLength: 12 })).map(([a, k, indent, v]): Mutation => (t) => {
    const lines = t.split('\n');
    lines.splice(lineAt(lines, a), 0, `${' '.repeat(indent)}${k}: ${v}`);
    return lines.join('\n');
  }),
);

const mutatedWorkflow = fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([text, ms]) => ms.reduce((t, m) => m(t), text));

const scalar = fc.oneof(fc.constantFrom('echo hi', '${{ matrix.x }}', 'ubuntu-latest', '', 'success()', '${{'), fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ maxDepth: 5 }, scalar, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...keys), tie('tree'), { maxKeys: 5 })),
}));
const randomWorkflow = fc.dictionary(fc.constantFrom(...keys), tree, { maxKeys: 6 }).map((doc) => stringify(doc));

/** Checks the contract for one text; returns how long it took. */
async function checkContract(text: string): Promise<number> {
  const started = performance.now();
  try {
    const workflow = await parseWorkflowText('fuzz.yml', text);
    expect(Array.isArray(workflow.jobs)).toBe(true);
  } catch (e) {
    if (!isAutodevopsError(e)) throw new Error(`not an AutodevopsError for input ${JSON.stringify(text)}`, { cause: e });
    expect(e.code).toBe('ADO_WORKFLOW_INVALID');
    expect(e.diagnostics.length).toBeGreaterThan(0);
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const d of e.diagnostics) {
      expect(d.location.line).toBeGreaterThanOrEqual(1);
      expect(d.location.line).toBeLessThanOrEqual(lines + 1);
      expect(d.location.column).toBeGreaterThanOrEqual(1);
      expect(d.message.trim()).not.toBe('');
    }
  }
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(MAX_MS_PER_CASE);
  return elapsed;
}

describe('parseWorkflowText on random and mutated input', () => {
  it('keeps its contract for mutated valid workflows', async () => {
    await fc.assert(fc.asyncProperty(mutatedWorkflow, async (text) => void (await checkContract(text))), { seed: SEED, numRuns: 300 * RUNS });
  });

  it('keeps its contract for random workflow-shaped documents', async () => {
    await fc.assert(fc.asyncProperty(randomWorkflow, async (text) => void (await checkContract(text))), { seed: SEED, numRuns: 150 * RUNS });
  });

  it('keeps its contract for arbitrary text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => void (await checkContract(text))), { seed: SEED, numRuns: 100 * RUNS });
  });

  it('accepts every unmutated seed', async () => {
    for (const text of seeds) await checkContract(text);
    await expect(parseWorkflowText('ok.yml', seeds[0]!)).resolves.toMatchObject({ name: 'CI' });
  });
});
