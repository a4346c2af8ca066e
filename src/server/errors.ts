/**
 * Errors as HTTP responses: every error body is `{ error: { code, message, hint, diagnostics } }`
 * with a code from the catalogue; the status follows from the code (user input → 4xx, else 500).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AutodevopsError, isAutodevopsError, type ErrorCode } from '../core/errors.ts';

/** Statuses of the codes that are not a plain 400 (user input) or 500 (system). */
const statusOf: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  ADO_UNAUTHENTICATED: 401,
  ADO_FORBIDDEN: 403,
  ADO_APPROVAL_DENIED: 403,
  ADO_RUN_NOT_FOUND: 404,
  ADO_TOKEN_NOT_FOUND: 404,
  ADO_ROUTE_NOT_FOUND: 404,
  ADO_WORKFLOW_NOT_FOUND: 404,
  ADO_RUN_STATE: 409,
  ADO_PROJECT_NOT_FOUND: 404,
  ADO_NOT_FOUND: 404,
  ADO_CONFLICT: 409,
  ADO_BODY_TOO_LARGE: 413,
  ADO_RATE_LIMITED: 429,
  ADO_WEBHOOK_SIGNATURE: 401,
  ADO_WEBHOOK_REPLAYED: 409,
  ADO_STORE_CONFLICT: 409,
};

/** The HTTP status an error is answered with. */
export function httpStatus(error: AutodevopsError): ContentfulStatusCode {
  return statusOf[error.code] ?? (error.category === 'user-input' ? 400 : 500);
}

/** Any thrown value as an AutodevopsError (unexpected ones become ADO_INTERNAL, without internals). */
export function asAutodevopsError(e: unknown): AutodevopsError {
  if (isAutodevopsError(e)) return e;
  return new AutodevopsError('ADO_INTERNAL', 'the server failed to handle this request', { cause: e });
}

/** The JSON body of an error. */
export function errorBody(error: AutodevopsError): { error: { code: ErrorCode; message: string; hint: string; diagnostics: unknown[] } } {
  return { error: { code: error.code, message: error.message, hint: error.hint, diagnostics: [...error.diagnostics] } };
}

/** Answers with the error's JSON body and status. */
export function errorResponse(c: Context, e: unknown): Response {
  const error = asAutodevopsError(e);
  return c.json(errorBody(error), httpStatus(error));
}
