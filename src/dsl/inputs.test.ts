import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../core/errors.ts';
import { resolveDispatchInputs } from './inputs.ts';
import type { InputDefinition } from './model.ts';

const defs: Record<string, InputDefinition> = {
  target: { type: 'choice', required: true, options: ['dev', 'prod'], default: 'dev' },
  debug: { type: 'boolean', required: false },
  count: { type: 'number', required: false, default: 3 },
  note: { type: 'string', required: false },
  env: { type: 'environment', required: false, default: 'staging' },
};

function errorOf(f: () => unknown): AutodevopsError {
  try {
    f();
  } catch (e) {
    if (e instanceof AutodevopsError) return e;
    throw e;
  }
  throw new Error('expected an AutodevopsError');
}

describe('resolveDispatchInputs', () => {
  it('applies defaults and the empty value of each type', () => {
    expect(resolveDispatchInputs(defs, {}).values).toEqual({ target: 'dev', debug: false, count: 3, note: '', env: 'staging' });
  });

  it('coerces given text to the declared types', () => {
    const { values } = resolveDispatchInputs(defs, { target: 'prod', debug: 'TRUE', count: ' 2.5 ', note: 'hi', env: 'prod' });
    expect(values).toEqual({ target: 'prod', debug: true, count: 2.5, note: 'hi', env: 'prod' });
    expect(resolveDispatchInputs(defs, { debug: 'false' }).values.debug).toBe(false);
  });

  it('coerces typed defaults and leaves out a number with no value', () => {
    const typed: Record<string, InputDefinition> = {
      flag: { type: 'boolean', required: false, default: 'true' },
      n: { type: 'number', required: false, default: '7' },
      m: { type: 'number', required: false },
      s: { type: 'string', required: false, default: 5 },
    };
    expect(resolveDispatchInputs(typed, {}).values).toEqual({ flag: true, n: 7, s: '5' });
  });

  it('requires required inputs, treating empty text as missing', () => {
    const required: Record<string, InputDefinition> = { name: { type: 'string', required: true } };
    const e = errorOf(() => resolveDispatchInputs(required, { name: '' }));
    expect(e.code).toBe('ADO_INPUT_INVALID');
    expect(e.message).toBe("input 'name' is required");
  });

  it('names unknown inputs and what is allowed', () => {
    const e = errorOf(() => resolveDispatchInputs(defs, { tagret: 'prod' }));
    expect(e.code).toBe('ADO_INPUT_INVALID');
    expect(e.message).toBe("unknown input 'tagret' (the workflow accepts: target, debug, count, note, env)");
    expect(errorOf(() => resolveDispatchInputs({}, { x: '1' })).message).toBe("unknown input 'x' (the workflow defines no inputs)");
  });

  it('reports every bad value at once', () => {
    const e = errorOf(() => resolveDispatchInputs(defs, { target: 'qa', debug: 'yes', count: 'many' }));
    expect(e.message).toBe(
      "input 'target' must be one of 'dev', 'prod', not 'qa'; input 'debug' must be true or false, not 'yes'; input 'count' must be a number, not 'many'",
    );
    expect(errorOf(() => resolveDispatchInputs({ c: { type: 'choice', required: false } }, { c: 'x' })).message).toBe("input 'c' must be one of , not 'x'");
    expect(errorOf(() => resolveDispatchInputs({ n: { type: 'number', required: false } }, { n: ' ' })).message).toBe("input 'n' must be a number, not ' '");
  });
});
