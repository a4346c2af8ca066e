/**
 * OpenAPI 3.0 schemas are almost JSON Schema; the difference that matters to a validator is
 * `nullable`, which JSON Schema spells as a `null` type. Rewritten once, in place, when the spec is
 * loaded, so ajv sees plain JSON Schema.
 */

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites every `nullable` in `value` (recursively, in place) into JSON Schema's `null` type. */
export function convertNullable(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) convertNullable(item);
    return;
  }
  if (!isNode(value)) return;
  for (const child of Object.values(value)) convertNullable(child);
  if (!('nullable' in value)) return;
  const nullable = value['nullable'] === true;
  delete value['nullable'];
  if (nullable) allowNull(value);
}

function allowNull(schema: Node): void {
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) schema['enum'].push(null);
  const type = schema['type'];
  if (typeof type === 'string') schema['type'] = [type, 'null'];
  else if (Array.isArray(type)) schema['type'] = type.includes('null') ? type : [...type, 'null'];
  else wrapInAnyOf(schema);
}

/** A schema without a type (a `$ref`, `allOf`, `anyOf`…) becomes `anyOf: [null, itself]`. */
function wrapInAnyOf(schema: Node): void {
  const inner: Node = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema['anyOf'] = [{ type: 'null' }, inner];
}
