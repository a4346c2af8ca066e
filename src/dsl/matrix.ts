/**
 * Matrix expansion with GitHub's documented semantics
 * (docs.github.com › "Running variations of jobs in a workflow"):
 * 1. the combinations are the cartesian product of the dimensions, first dimension varying slowest;
 * 2. `exclude` removes every combination that matches an entry on all the entry's keys (a partial
 *    match is enough);
 * 3. each `include` entry is then added to every remaining original combination whose original
 *    dimension values it does not change (values that earlier includes added may be overwritten);
 *    an entry that fits no combination becomes a combination of its own.
 * Values arrive evaluated (the engine resolves `${{ }}` first), so they are plain JSON data.
 */
import { AutodevopsError } from '../core/errors.ts';

type Combination = Record<string, unknown>;

/** Every job configuration of an evaluated `strategy.matrix`, in GitHub's order. */
export function expandMatrix(matrix: Record<string, unknown>): Array<Record<string, unknown>> {
  const dimensions = Object.entries(matrix).filter(([key]) => key !== 'include' && key !== 'exclude');
  const excludes = filterList(matrix, 'exclude');
  const includes = filterList(matrix, 'include');
  const base = dimensions.length === 0 ? [] : product(dimensions).filter((c) => !excludes.some((e) => matches(c, e)));
  const keys = new Set(dimensions.map(([key]) => key));
  const added: Combination[] = [];
  for (const entry of includes) {
    const fits = base.filter((c) => Object.entries(entry).every(([k, v]) => !keys.has(k) || deepEqual(c[k], v)));
    for (const combo of fits) assignOwn(combo, entry);
    if (fits.length === 0) added.push({ ...entry });
  }
  return [...base, ...added];
}

/** GitHub's display name of one matrix job: `build (18, ubuntu-latest)`. */
export function matrixJobName(jobName: string, combo: Record<string, unknown>): string {
  const values = Object.values(combo).map(displayValue);
  return values.length === 0 ? jobName : `${jobName} (${values.join(', ')})`;
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function product(dimensions: Array<[string, unknown]>): Combination[] {
  let combos: Combination[] = [{}];
  for (const [key, values] of dimensions) {
    if (!Array.isArray(values)) {
      throw new AutodevopsError('ADO_WORKFLOW_INVALID', `strategy.matrix.${key} must be a list of values, not ${describe(values)}`);
    }
    combos = combos.flatMap((c) => values.map((v: unknown) => ({ ...c, [key]: v })));
  }
  return combos;
}

function filterList(matrix: Record<string, unknown>, name: 'include' | 'exclude'): Combination[] {
  const list = matrix[name];
  if (list === undefined || list === null) return [];
  const valid = Array.isArray(list) && list.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e));
  if (!valid) throw new AutodevopsError('ADO_WORKFLOW_INVALID', `strategy.matrix.${name} must be a list of mappings, not ${describe(list)}`);
  return list as Combination[];
}

/** Object.assign without setters, so a `__proto__` key stays a plain key. */
function assignOwn(target: Combination, source: Combination): void {
  for (const [k, v] of Object.entries(source)) Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A partial match: every key of `filter` has an equal value in `combo`. */
function matches(combo: Combination, filter: Combination): boolean {
  return Object.entries(filter).every(([k, v]) => Object.hasOwn(combo, k) && deepEqual(combo[k], v));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Combination)[k], (b as Combination)[k]));
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
