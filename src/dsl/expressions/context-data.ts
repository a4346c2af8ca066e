/**
 * Plain JavaScript values as @actions/expressions data, converted lazily. The evaluator reads a
 * context through `Dictionary.get`, so a wrapper that converts one property on access makes
 * `steps.s999.outputs.out` cost a few property reads whatever the size of `steps`. Wrappers read
 * their source live (an updated `steps` object is seen at once) and are memoised per source object,
 * which also gives GitHub's reference equality for objects (`github.event == github.event`).
 */
import { data } from '@actions/expressions';
import type { Pair } from '@actions/expressions/data/expressiondata';
import { formatNumber } from './number-format.ts';

type ExpressionData = data.ExpressionData;
type Source = Record<string, unknown>;

/** A number that prints like GitHub's runner (G15), not like JavaScript. */
export class GitHubNumber extends data.NumberData {
  override coerceString(): string {
    return formatNumber(this.value);
  }
}

const wrappers = new WeakMap<object, ExpressionData>();

/** A JS object seen as a case-insensitive expression dictionary. */
export class ObjectData extends data.Dictionary {
  readonly source: Source;

  constructor(source: object) {
    super();
    this.source = source as Source;
  }

  override get(key: string): ExpressionData | undefined {
    const found = findKey(this.source, key);
    return found === undefined ? undefined : toData(this.source[found]);
  }

  override values(): ExpressionData[] {
    return definedKeys(this.source).map((k) => toData(this.source[k]));
  }

  override pairs(): Pair[] {
    return definedKeys(this.source).map((key) => ({ key, value: toData(this.source[key]) }));
  }

  override add(_key: string, _value: ExpressionData): never {
    throw new Error('context data is read-only');
  }
}

/** A JS array seen as an expression array. */
export class ArrayData extends data.Array {
  readonly source: readonly unknown[];

  constructor(source: readonly unknown[]) {
    super();
    this.source = source;
  }

  override get(index: number): ExpressionData {
    return toData(this.source[index]);
  }

  override values(): ExpressionData[] {
    return this.source.map(toData);
  }

  override add(_value: ExpressionData): never {
    throw new Error('context data is read-only');
  }
}

/** The expression value of a JS value; objects and arrays are wrapped, not copied. */
export function toData(value: unknown): ExpressionData {
  switch (typeof value) {
    case 'string': return new data.StringData(value);
    case 'number': return new GitHubNumber(value);
    case 'boolean': return new data.BooleanData(value);
    case 'bigint': return new GitHubNumber(Number(value));
    case 'object': return value === null ? new data.Null() : wrap(value);
    default: return new data.Null();
  }
}

function wrap(value: object): ExpressionData {
  if (value instanceof Date) return new data.StringData(value.toISOString());
  let wrapper = wrappers.get(value);
  if (wrapper === undefined) {
    wrapper = Array.isArray(value) ? new ArrayData(value) : new ObjectData(value);
    wrappers.set(value, wrapper);
  }
  return wrapper;
}

/** The plain JS value of an expression value (a deep copy for objects and arrays). */
export function fromData(value: ExpressionData): unknown {
  switch (value.kind) {
    case data.Kind.Null: return null;
    case data.Kind.Boolean:
    case data.Kind.Number:
    case data.Kind.String: return value.value;
    case data.Kind.Array: return value.values().map(fromData);
    default: return Object.fromEntries(value.pairs().map((p) => [p.key, fromData(p.value)]));
  }
}

// GitHub's dictionaries ignore case. The exact key is the common case and costs one lookup; only a
// miss scans, rejecting most keys on length and first letter before comparing lower-cased text.
export function findKey(source: Source, key: string): string | undefined {
  if (Object.hasOwn(source, key)) return source[key] === undefined ? undefined : key;
  const lower = key.toLowerCase();
  const first = lower.charCodeAt(0);
  for (const k of Object.keys(source)) {
    if (k.length !== key.length || (first < 128 && asciiLower(k.charCodeAt(0)) !== first)) continue;
    if (k.toLowerCase() === lower && source[k] !== undefined) return k;
  }
  return undefined;
}

// Lower-cases an ASCII letter; any other code passes through (and then only matches itself).
function asciiLower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function definedKeys(source: Source): string[] {
  return Object.keys(source).filter((k) => source[k] !== undefined);
}
