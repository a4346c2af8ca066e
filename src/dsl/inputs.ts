/**
 * `workflow_dispatch` inputs given on the command line or through the API (always text) checked
 * against the workflow's definitions and turned into the typed values of the `inputs` context.
 */
import { AutodevopsError } from '../core/errors.ts';
import type { InputDefinition } from './model.ts';

/** A typed input value. */
export type InputValue = string | number | boolean;

/**
 * Applies defaults, `required` and the declared types. Throws ADO_INPUT_INVALID naming every bad,
 * missing or unknown input. An optional input with no value and no default reads as `false` when
 * boolean, '' when text, and is left out when a number.
 * @example resolveDispatchInputs({ debug: { type: 'boolean', required: false } }, { debug: 'true' }) // { values: { debug: true } }
 */
export function resolveDispatchInputs(defs: Record<string, InputDefinition>, given: Record<string, string>): { values: Record<string, InputValue> } {
  const problems = unknownInputs(defs, given);
  const values: Array<[string, InputValue]> = [];
  for (const [name, def] of Object.entries(defs)) {
    const result = resolveOne(name, def, Object.hasOwn(given, name) ? given[name] : undefined);
    if (typeof result === 'object') problems.push(result.problem);
    else if (result !== undefined) values.push([name, result]);
  }
  if (problems.length > 0) throw new AutodevopsError('ADO_INPUT_INVALID', problems.join('; '));
  return { values: Object.fromEntries(values) };
}

function unknownInputs(defs: Record<string, InputDefinition>, given: Record<string, string>): string[] {
  const allowed = Object.keys(defs);
  const accepts = allowed.length === 0 ? 'the workflow defines no inputs' : `the workflow accepts: ${allowed.join(', ')}`;
  return Object.keys(given).filter((name) => !Object.hasOwn(defs, name)).map((name) => `unknown input '${name}' (${accepts})`);
}

type Resolved = InputValue | undefined | { problem: string };

function resolveOne(name: string, def: InputDefinition, given: string | undefined): Resolved {
  const textual = def.type === 'string' || def.type === 'choice' || def.type === 'environment';
  const missing = given === undefined || (textual && given === '');
  const raw = missing ? def.default : given;
  if (raw === undefined) {
    if (def.required) return { problem: `input '${name}' is required` };
    return def.type === 'boolean' ? false : def.type === 'number' ? undefined : (given ?? '');
  }
  return coerce(name, def, raw);
}

function coerce(name: string, def: InputDefinition, raw: InputValue): Resolved {
  switch (def.type) {
    case 'boolean': return toBoolean(name, raw);
    case 'number': return toNumber(name, raw);
    case 'choice': {
      const options = def.options ?? [];
      if (options.includes(String(raw))) return String(raw);
      return { problem: `input '${name}' must be one of ${options.map((o) => `'${o}'`).join(', ')}, not '${String(raw)}'` };
    }
    default: return String(raw);
  }
}

function toBoolean(name: string, raw: InputValue): Resolved {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (text === 'true' || text === 'false') return text === 'true';
  return { problem: `input '${name}' must be true or false, not '${String(raw)}'` };
}

function toNumber(name: string, raw: InputValue): Resolved {
  if (typeof raw === 'number') return raw;
  const text = String(raw).trim();
  const value = Number(text);
  if (text !== '' && Number.isFinite(value)) return value;
  return { problem: `input '${name}' must be a number, not '${String(raw)}'` };
}
