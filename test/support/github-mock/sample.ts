/**
 * Builds the smallest value a schema accepts (required properties only, `null` where allowed, the
 * first enum value), so the mock's default responses are complete without hand-written fixtures;
 * handlers then lay their state over it with `withSample`.
 */
import { githubSpec, resolve, type Schema } from './openapi-spec.ts';

const formats: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  uri: 'https://mock.invalid/',
  'uri-template': 'https://mock.invalid/{id}',
  email: 'octocat@mock.invalid',
  uuid: '00000000-0000-4000-8000-000000000000',
};

const cache = new Map<string, unknown>();

/** The smallest valid value of a component schema (`pull-request`, `issue`…), built once per process. */
export function sampleOf(component: string): unknown {
  if (!cache.has(component)) cache.set(component, build({ $ref: `#/components/schemas/${component}` }, 0, true));
  return structuredClone(cache.get(component));
}

/** The component's sample with `fields` laid over it (objects merge, other values replace). */
export function withSample(component: string, fields: Record<string, unknown>): Record<string, unknown> {
  return merge(sampleOf(component), fields) as Record<string, unknown>;
}

function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(over) || !isPlainObject(base)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `nonNull`: build a value even where null is allowed (the component itself, so fields can be laid over it). */
function build(node: Schema, depth: number, nonNull = false): unknown {
  const schema = resolve(githubSpec().document, node);
  if (depth > 12) return null;
  if (Array.isArray(schema['allOf'])) return (schema['allOf'] as Schema[]).reduce<unknown>((acc, part) => merge(acc, build(part, depth + 1)), {});
  const options = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (options) {
    const isNull = (o: Schema): boolean => resolve(githubSpec().document, o)['type'] === 'null';
    return options.some(isNull) && !nonNull ? null : build(options.find((o) => !isNull(o)) ?? {}, depth + 1);
  }
  if (Array.isArray(schema['enum'])) return schema['enum'].find((v) => v !== null || !nonNull);
  return byType(schema, depth, nonNull);
}

function byType(schema: Schema, depth: number, nonNull: boolean): unknown {
  const types = ([] as unknown[]).concat(schema['type'] ?? 'object').filter((t) => !nonNull || t !== 'null');
  if (types.includes('null')) return null;
  switch (types[0]) {
    case 'string': return stringSample(schema);
    case 'integer': case 'number': return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean': return false;
    case 'array': return Array.from({ length: Number(schema['minItems'] ?? 0) }, () => build((schema['items'] ?? {}) as Schema, depth + 1));
    default: return objectSample(schema, depth);
  }
}

function stringSample(schema: Schema): string {
  const format = schema['format'];
  if (typeof format === 'string' && format in formats) return formats[format]!;
  if (typeof schema['example'] === 'string') return schema['example'];
  return 'x'.repeat(Math.max(1, Number(schema['minLength'] ?? 1)));
}

function objectSample(schema: Schema, depth: number): Record<string, unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const name of (schema['required'] ?? []) as string[]) out[name] = build(properties[name] ?? {}, depth + 1);
  return out;
}
