/**
 * The one error the expression layer throws. It is an AutodevopsError (so the CLI and API can show
 * it) that also carries the expression text; the engine turns it into a step or job failure.
 */
import { AutodevopsError } from '../../core/errors.ts';

const brand = Symbol.for('autodevops.expression-error');

const hint = 'Fix the expression; the syntax and functions are those of GitHub Actions '
  + '(https://docs.github.com/actions/learn-github-actions/expressions).';

/** A syntax or evaluation error in a `${{ }}` expression or an `if:` condition. */
export class ExpressionError extends AutodevopsError {
  readonly [brand] = true;
  /** The expression text as written (without `${{ }}`). */
  readonly expression: string;
  /** What is wrong, without the expression text. */
  readonly detail: string;

  constructor(expression: string, detail: string, options: { cause?: unknown } = {}) {
    super('ADO_WORKFLOW_INVALID', `The expression '${shorten(expression)}' is not valid: ${detail}`, { hint, cause: options.cause });
    this.name = 'ExpressionError';
    this.expression = expression;
    this.detail = detail;
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** True for an ExpressionError, across module copies. */
export function isExpressionError(e: unknown): e is ExpressionError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[brand] === true;
}

/** The message of any thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
