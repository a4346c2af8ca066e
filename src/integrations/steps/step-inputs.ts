/** Reading the `with:` inputs of the forge steps, with errors that name the step and the input. */
import { AutodevopsError } from '../../core/errors.ts';

/** The inputs of a step, as the engine evaluated them. */
export type StepWith = Record<string, unknown>;

/** The error for an input that is missing or malformed. */
export function invalidInput(step: string, name: string, why: string): AutodevopsError {
  return new AutodevopsError('ADO_CONFIG_INVALID', `${step}: input \`${name}\` ${why}`, { hint: `See docs/forges.md for the inputs of ${step}.` });
}

/** A text input; empty counts as absent. */
export function textInput(step: string, inputs: StepWith, name: string, options: { required?: boolean } = {}): string | undefined {
  const value = inputs[name];
  if (value === undefined || value === null || value === '') {
    if (options.required) throw invalidInput(step, name, 'is required');
    return undefined;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A boolean input (`true`/`false`). */
export function booleanInput(step: string, inputs: StepWith, name: string, fallback: boolean): boolean {
  const text = textInput(step, inputs, name);
  if (text === undefined) return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw invalidInput(step, name, `must be true or false, not "${text}"`);
}

/** One of the allowed values, or undefined when absent. */
export function choiceInput<T extends string>(step: string, inputs: StepWith, name: string, allowed: readonly T[]): T | undefined {
  const text = textInput(step, inputs, name);
  if (text === undefined || (allowed as readonly string[]).includes(text)) return text as T | undefined;
  throw invalidInput(step, name, `must be one of ${allowed.join(', ')}, not "${text}"`);
}

/** A positive whole number input. */
export function numberInput(step: string, inputs: StepWith, name: string, options: { required?: boolean } = {}): number | undefined {
  const text = textInput(step, inputs, name, options);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw invalidInput(step, name, `must be a positive whole number, not "${text}"`);
  return Number(text);
}
