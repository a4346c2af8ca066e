/**
 * Turns what Octokit throws into the forge codes of the error catalogue, with a message that says
 * what autodevops was doing and what GitHub answered — and never a credential: the message is built
 * from GitHub's answer only, known secrets are scrubbed, and Octokit's error (whose request holds
 * the authorization header) is not kept as the cause.
 */
import { AutodevopsError, isAutodevopsError, type ErrorCode } from '../../core/errors.ts';

/** The parts of Octokit's RequestError that matter here. */
interface HttpFailure {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isHttpFailure(e: unknown): e is HttpFailure {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number';
}

/** The forge error for a failure while doing `action` (e.g. "reading issue octo/app#3"). */
export function toForgeError(error: unknown, action: string, secrets: readonly string[] = [], now = Date.now()): AutodevopsError {
  if (isAutodevopsError(error)) return error;
  if (!isHttpFailure(error)) {
    // Thrown before any answer: the app's private key could not sign a JWT, or similar.
    return new AutodevopsError('ADO_FORGE_AUTH', scrub(`GitHub authentication failed while ${action}: ${messageOf(error)}`, secrets));
  }
  const answer = githubMessage(error);
  const reset = rateLimitReset(error, now);
  if (reset) {
    return new AutodevopsError('ADO_FORGE_RATE_LIMITED', scrub(`GitHub's rate limit is exhausted while ${action} (${error.status} ${answer}); it resets at ${reset.toISOString()}.`, secrets), {
      hint: `Wait until ${reset.toISOString()} and retry, or use a GitHub App installation for a higher limit.`,
    });
  }
  const [code, meaning] = classify(error.status);
  return new AutodevopsError(code, scrub(`GitHub answered ${error.status} ${answer} while ${action}: ${meaning}.`, secrets));
}

function classify(status: number): [ErrorCode, string] {
  if (status === 401) return ['ADO_FORGE_AUTH', 'the credentials are wrong, expired or revoked'];
  if (status === 403) return ['ADO_FORGE_AUTH', 'the credentials lack the permission this needs'];
  if (status === 404 || status === 410) return ['ADO_FORGE_NOT_FOUND', 'it does not exist, or the credentials cannot see it'];
  if (status === 405 || status === 409 || status === 422) return ['ADO_FORGE_REFUSED', 'GitHub refused the change'];
  return ['ADO_FORGE_REFUSED', status >= 500 ? 'GitHub kept failing after retries' : 'GitHub rejected the request'];
}

/** When the limit resets, if this is a rate-limit answer (primary, secondary or 429). */
function rateLimitReset(error: HttpFailure, now: number): Date | undefined {
  const headers = error.response?.headers ?? {};
  const limited = error.status === 429 || (error.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined || /secondary rate limit/i.test(error.message)));
  if (!limited) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) return new Date(now + retryAfter * 1000);
  const reset = Number(headers['x-ratelimit-reset']);
  return new Date(Number.isFinite(reset) && reset > 0 ? reset * 1000 : now + 60_000);
}

/** GitHub's own message and the details of a 422's `errors` list. */
function githubMessage(error: HttpFailure): string {
  const data = (error.response?.data ?? {}) as { message?: unknown; errors?: unknown };
  const base = typeof data.message === 'string' ? data.message : 'without a message';
  const details = Array.isArray(data.errors) ? data.errors.map(describeDetail).filter((d) => d !== '') : [];
  return details.length ? `${base} (${details.join('; ')})` : base;
}

function describeDetail(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  const d = (detail ?? {}) as Record<string, unknown>;
  if (typeof d['message'] === 'string') return d['message'];
  return [d['resource'], d['field'], d['code']].filter((p) => typeof p === 'string').join(' ');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Removes credential texts (and the token-like words GitHub issues) from a message. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out.replace(/\b(gh[pousr]_[A-Za-z0-9_]{10,}|github_pat_[A-Za-z0-9_]{10,})\b/g, '***');
}
