/** How errors reach the user: `error[CODE]: message`, diagnostics, `hint: …`; or one JSON object. */
import { AutodevopsError, formatDiagnostic, isAutodevopsError } from '../core/errors.ts';
import type { Colors } from './colors.ts';

/** Any thrown value as an AutodevopsError (unknown ones become ADO_INTERNAL). */
export function asAutodevopsError(e: unknown): AutodevopsError {
  if (isAutodevopsError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AutodevopsError('ADO_INTERNAL', message, { cause: e });
}

/** The text form, ending with a newline; the stack of unexpected errors only with AUTODEVOPS_DEBUG. */
export function formatError(error: AutodevopsError, c: Colors, debug: boolean): string {
  const lines = [`${c.red(c.bold(`error[${error.code}]`))}: ${error.message}`, ...error.diagnostics.map(formatDiagnostic), `${c.dim('hint:')} ${error.hint}`];
  const cause = error.cause;
  if (debug && cause instanceof Error && cause.stack) lines.push(c.dim(cause.stack));
  return `${lines.join('\n')}\n`;
}

/** The `--json` form: one line `{"error":{code,category,message,hint,diagnostics}}`. */
export function formatErrorJson(error: AutodevopsError): string {
  return `${JSON.stringify({ error })}\n`;
}
