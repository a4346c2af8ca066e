/**
 * Reading `with:` inputs the way `@actions/core` does for published actions: values are strings,
 * trimmed; booleans accept only YAML 1.2 core-schema spellings; multi-line inputs drop blank lines.
 */
import { permanent } from '../../core/failure.ts';

/** A step's evaluated `with:` values. */
export type StepInputs = Record<string, unknown>;

/** The input as a trimmed string; `fallback` when absent or empty. */
export function stringInput(inputs: StepInputs, name: string, fallback = ''): string {
  const value = inputs[name];
  if (value === undefined || value === null) return fallback;
  const text = String(value).trim();
  return text === '' ? fallback : text;
}

/** `true | True | TRUE | false | False | FALSE`, as `core.getBooleanInput` accepts; `fallback` when absent. */
export function booleanInput(inputs: StepInputs, name: string, fallback: boolean): boolean {
  const text = stringInput(inputs, name);
  if (text === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw permanent(`with.${name}: "${text}" is not a boolean; write true or false`);
}

/** One value per non-empty line, trimmed. */
export function multilineInput(inputs: StepInputs, name: string): string[] {
  return stringInput(inputs, name).split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** A whole number input (e.g. `fetch-depth`); `fallback` when absent. */
export function integerInput(inputs: StepInputs, name: string, fallback: number): number {
  const text = stringInput(inputs, name);
  if (text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw permanent(`with.${name}: "${text}" is not a whole number ≥ 0`);
  return n;
}

/** The major version of `uses: owner/name@v3.1` (3); undefined for a branch or a commit. */
export function actionMajor(uses: string | undefined): number | undefined {
  const m = /@v?(\d+)(?:\.\d+)*$/.exec(uses ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Logs the inputs given that this built-in does not use locally, so nothing is ignored silently. */
export function noteUnusedInputs(inputs: StepInputs, used: readonly string[], log: (text: string) => void): void {
  const unused = Object.keys(inputs).filter((k) => !used.includes(k) && stringInput(inputs, k) !== '');
  if (unused.length > 0) log(`not used when running locally: ${unused.map((k) => `with.${k}`).join(', ')}\n`);
}
