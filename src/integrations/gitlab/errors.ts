/**
 * Turns what the GitLab requester throws into the forge codes of the error catalogue, with a
 * message that says what autodevops was doing and what GitLab answered — never a credential: the
 * message is built from GitLab's answer only, known secrets and token-shaped words are scrubbed,
 * and no request is kept as the cause.
 */
import { AutodevopsError, isAutodevopsError, type ErrorCode } from '../../core/errors.ts';
import { GitLabHttpError } from './requester.ts';

/** The forge error for a failure while doing `action` (e.g. "reading issue group/app#3"). */
export function toForgeError(error: unknown, action: string, secrets: readonly string[] = [], now = Date.now()): AutodevopsError {
  if (isAutodevopsError(error)) return error;
  if (!(error instanceof GitLabHttpError)) {
    return new AutodevopsError('ADO_FORGE_REFUSED', scrub(`GitLab could not be reached while ${action}: ${reachMessage(error)}`, secrets), {
      hint: 'Check GITLAB_URL (the instance root, e.g. https://gitlab.example.com) and that this machine can reach it.',
    });
  }
  if (error.status === 429) {
    const reset = resetTime(error.headers, now).toISOString();
    return new AutodevopsError('ADO_FORGE_RATE_LIMITED', scrub(`GitLab's rate limit is exhausted while ${action} (429 ${error.message}); it resets at ${reset}.`, secrets), {
      hint: `Wait until ${reset} and retry, or ask the instance's administrator about its rate limits.`,
    });
  }
  const [code, meaning] = classify(error.status);
  return new AutodevopsError(code, scrub(`GitLab answered ${error.status} ${error.message} while ${action}: ${meaning}.`, secrets));
}

function classify(status: number): [ErrorCode, string] {
  if (status === 401) return ['ADO_FORGE_AUTH', 'the token is wrong, expired or revoked'];
  if (status === 403) return ['ADO_FORGE_AUTH', 'the token lacks the scope (api) or the role this needs'];
  if (status === 404) return ['ADO_FORGE_NOT_FOUND', 'it does not exist, or the token cannot see it'];
  if (status >= 500) return ['ADO_FORGE_REFUSED', 'GitLab kept failing after retries'];
  return ['ADO_FORGE_REFUSED', 'GitLab refused the change'];
}

/** `RateLimit-Reset` (epoch seconds) is exact; `Retry-After` counts from now; else a minute. */
function resetTime(headers: Record<string, string>, now: number): Date {
  const reset = Number(headers['ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  const retryAfter = Number(headers['retry-after']);
  return new Date(now + (Number.isFinite(retryAfter) ? retryAfter : 60) * 1000);
}

/** fetch's "fetch failed" says nothing; its cause names the network error. */
function reachMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  const detail = typeof cause?.code === 'string' ? cause.code : cause?.message;
  return typeof detail === 'string' ? `${message} (${detail})` : message;
}

/** Removes credential texts (and the token-shaped words GitLab issues) from a message. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out.replace(/\bgl[a-z]{2,5}-[A-Za-z0-9_-]{16,}/g, '***');
}
