/**
 * The inputs an action receives, as GitHub's runner computes them: every `with:` value (matched to
 * the action's input names case-insensitively), then each declared input's `default` (a template)
 * when it was not given. The runner does not enforce `required:` (the action's own code does, e.g.
 * `core.getInput(name, { required: true })`), so neither do we: a missing required input, an
 * unexpected one and a deprecated one each give a warning annotation, as on GitHub.
 */
import type { Annotation } from '../../core/events.ts';
import type { StepContext } from '../../engine/ports/step.ts';
import type { ActionManifest } from './action-manifest.ts';

/** Input values by name, and the warnings about them. */
export interface ResolvedInputs {
  values: Record<string, string>;
  warnings: Annotation[];
}

/** GitHub's conversion of a `with:` value to the text an action sees. */
export function inputText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Given values plus defaults; `ctx.evaluate` (with `extra`) evaluates the defaults. */
export function resolveActionInputs(ctx: StepContext, manifest: ActionManifest, extra?: Record<string, unknown>): ResolvedInputs {
  const declared = new Map(Object.keys(manifest.inputs).map((name) => [name.toLowerCase(), name]));
  // No prototype: an input named like `__proto__` stays an input.
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const warnings: Annotation[] = [];
  const unexpected: string[] = [];
  for (const [given, value] of Object.entries(ctx.step.with)) {
    const name = declared.get(given.toLowerCase());
    if (name === undefined) unexpected.push(given);
    values[name ?? given] = inputText(value);
    const deprecation = name === undefined ? undefined : manifest.inputs[name]!.deprecationMessage;
    if (deprecation) warnings.push({ level: 'warning', message: `Input '${name}' has been deprecated with message: ${deprecation}` });
  }
  for (const [name, input] of Object.entries(manifest.inputs)) {
    if (Object.hasOwn(values, name)) continue;
    if (input.default !== undefined) values[name] = inputText(ctx.evaluate(input.default, extra));
    else if (input.required) warnings.push({ level: 'warning', message: `Input required and not supplied: ${name}` });
  }
  if (unexpected.length > 0) {
    const valid = Object.keys(manifest.inputs).map((n) => `'${n}'`).join(', ');
    warnings.unshift({ level: 'warning', message: `Unexpected input(s) ${unexpected.map((n) => `'${n}'`).join(', ')}, valid inputs are [${valid}]` });
  }
  return { values, warnings };
}

/** `INPUT_<NAME>` variables: upper-cased, spaces as `_` (what `@actions/core`'s getInput reads). */
export function inputVariables(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]));
}
