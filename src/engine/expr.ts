/**
 * The engine's one doorway to the expression language (src/dsl/expressions): evaluation with
 * GitHub's status functions, and GitHub's coercions for the places that need a number or boolean.
 */
import { evaluateCondition, evaluateString, evaluateTemplate, evaluateValue } from '../dsl/expressions/index.ts';
import type { TemplateValue } from '../dsl/model.ts';

/** The results of `success()`, `failure()` and `cancelled()` at this point. */
export interface StatusFunctions {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

/** Evaluates an `if:` condition (implicit `success() &&` when no status function is used). */
export function evalCondition(condition: string, contexts: Record<string, unknown>, status: StatusFunctions): boolean {
  if (condition === 'success()') return status.success;
  // The evaluator knows "failed" and "cancelled"; a skipped dependency is neither but still makes
  // the implicit success() false, so it is passed as failed (failure() is rarely asked of it).
  return evaluateCondition(condition, contexts, { failed: status.failure || (!status.success && !status.cancelled), cancelled: status.cancelled });
}

/** Evaluates a template for a string field (`run:`, `name:`, `shell:`); a mapping is an error. */
export function evalString(template: string, contexts: Record<string, unknown>): string {
  if (!template.includes('${{')) return template;
  return evaluateString(template, contexts);
}

/** Evaluates a template string; a lone `${{ }}` keeps its type. */
export function evalTemplate(template: string, contexts: Record<string, unknown>): unknown {
  if (!template.includes('${{')) return template;
  return evaluateTemplate(template, contexts);
}

/** Evaluates templates anywhere inside a YAML value. */
export function evalValue(value: TemplateValue, contexts: Record<string, unknown>): unknown {
  return evaluateValue(value, contexts);
}

/** GitHub's string conversion for env values, inputs and outputs. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value, null, 2);
}

/** Evaluates every value of a mapping to text (env blocks). */
export function evalStrings(map: Record<string, TemplateValue>, contexts: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k] = toText(typeof v === 'string' ? evalTemplate(v, contexts) : evalValue(v, contexts));
  return out;
}

/** A number from YAML or an expression result; throws when it is not one. */
export function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return n;
}

/** GitHub truthiness for `continue-on-error`, `fail-fast`, `cancel-in-progress`. */
export function toBoolean(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && value !== 'false';
  return Boolean(value);
}
