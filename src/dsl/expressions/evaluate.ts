/**
 * The entry points the engine calls: conditions (`if:`), templates (`${{ }}` in strings) and YAML
 * values holding templates at any depth.
 */
import { data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import type { TemplateValue } from '../model.ts';
import { fromData } from './context-data.ts';
import { ExpressionError, messageOf } from './errors.ts';
import { evaluateParsed } from './evaluator.ts';
import type { ExpressionContexts } from './evaluator.ts';
import { parseExpression } from './parse.ts';
import type { ParsedExpression } from './parse.ts';
import { statusFunction } from './status.ts';
import type { StatusState } from './status.ts';
import { isTemplate, splitTemplate } from './template.ts';
import type { TemplatePart } from './template.ts';

/**
 * An `if:` condition, with or without `${{ }}`. Without a status function it means
 * `success() && (<condition>)` (GitHub's rule, decided on the parsed tree, so a string literal
 * 'failure()' does not count); an empty condition means `success()`.
 * @example evaluateCondition("github.ref == 'refs/heads/main'", contexts, { failed: false, cancelled: false })
 */
export function evaluateCondition(condition: string, contexts: ExpressionContexts, status: StatusState): boolean {
  const text = condition.trim();
  if (text === '') return statusFunction('success', status);
  const parts = isTemplate(text) ? splitTemplate(text) : [parseExpression(text)];
  const usesStatus = parts.some((p) => typeof p !== 'string' && p.usesStatusFunction);
  if (!usesStatus && !statusFunction('success', status)) return false;
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') return truthy(evaluateParsed(only, contexts, status));
  // Literal text around `${{ }}` makes the condition a string, true when not empty, as on GitHub.
  return interpolate(parts, contexts, status) !== '';
}

/**
 * A template's value. Exactly one `${{ }}` and nothing else gives the expression's own value
 * (number, boolean, null, array, object); otherwise the parts are joined as strings the way the
 * runner's format() does (null → '', booleans 'true'/'false', numbers like GitHub, an object or
 * array → 'Object'/'Array'). Text without `${{` is returned as it is.
 */
export function evaluateTemplate(template: string, contexts: ExpressionContexts): unknown {
  if (!isTemplate(template)) return template;
  const parts = splitTemplate(template);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') return plainValue(only, contexts);
  return interpolate(parts, contexts);
}

/**
 * A template for a string field (`run:`, `name:`, `shell:`…): like evaluateTemplate, but an
 * object or array is an error, as GitHub reports "A mapping was not expected".
 */
export function evaluateString(template: string, contexts: ExpressionContexts): string {
  if (!isTemplate(template)) return template;
  const parts = splitTemplate(template);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only === undefined || typeof only === 'string') return interpolate(parts, contexts);
  const value = evaluateParsed(only, contexts);
  if (value.primitive) return value.coerceString();
  const kind = value.kind === data.Kind.Array ? 'a sequence' : 'a mapping';
  throw new ExpressionError(only.text, `a string was expected, but it gives ${kind}`);
}

/** A YAML value with the templates inside it evaluated, at any depth (mapping keys too). */
export function evaluateValue(value: TemplateValue, contexts: ExpressionContexts): unknown {
  if (typeof value === 'string') return evaluateTemplate(value, contexts);
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, contexts));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[isTemplate(key) ? evaluateString(key, contexts) : key] = evaluateValue(item, contexts);
  }
  return result;
}

/** Options of the bare-expression entry points. */
export interface ExpressionOptions {
  /** The context names the expression may use, instead of the workflow's (github, env, matrix…). */
  contextNames?: readonly string[];
}

/**
 * A bare expression's (no `${{ }}`) value as plain data: null, boolean, number, string, array or object.
 * @example evaluateExpression("fromJSON('[1, 2]')[1]", {}) // 2
 */
export function evaluateExpression(expression: string, contexts: ExpressionContexts, options: ExpressionOptions = {}): unknown {
  return plainValue(parseExpression(expression, options.contextNames), contexts);
}

/** The error in a bare expression (no `${{ }}`), or undefined when it parses. */
export function validateExpression(expression: string, options: ExpressionOptions = {}): string | undefined {
  return errorOf(() => parseExpression(expression, options.contextNames));
}

/** The error in a template's `${{ }}` parts, or undefined when they all parse. */
export function validateTemplate(template: string): string | undefined {
  return errorOf(() => splitTemplate(template));
}

/** The error in an `if:` condition (bare or wrapped in `${{ }}`), or undefined when it parses. */
export function validateCondition(condition: string): string | undefined {
  const text = condition.trim();
  return text === '' ? undefined : isTemplate(text) ? validateTemplate(text) : validateExpression(text);
}

function errorOf(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (e) {
    return messageOf(e);
  }
}

// Copying out can overflow the stack on data nested very deeply (or cyclic contexts): still an
// expression error, not a crash.
function plainValue(parsed: ParsedExpression, contexts: ExpressionContexts): unknown {
  const value = evaluateParsed(parsed, contexts);
  try {
    return fromData(value);
  } catch (e) {
    throw new ExpressionError(parsed.text, `its value cannot be copied: ${messageOf(e)}`, { cause: e });
  }
}

function interpolate(parts: readonly TemplatePart[], contexts: ExpressionContexts, status?: StatusState): string {
  let result = '';
  for (const part of parts) result += typeof part === 'string' ? part : evaluateParsed(part, contexts, status).coerceString();
  return result;
}
