/**
 * The HTTP requester gitbeaker's resources call (its `requesterFn` option). gitbeaker's own one
 * retries a 429 ten times within about a quarter of a second, ignoring `Retry-After`, and keeps the
 * request — authorization header included — on its errors. This one waits as GitLab asks
 * (`Retry-After`, `RateLimit-Reset`) a bounded number of times, retries server errors with
 * backoff, and throws a GitLabHttpError that holds GitLab's answer and never the request.
 */
import { createRequesterFn, getMatchingRateLimiter, type FormattedResponse, type RateLimiters, type RequesterType, type ResourceOptions } from '@gitbeaker/requester-utils';

/** Waiting and retrying; tests shrink the defaults. */
export interface GitLabTiming {
  /** Milliseconds waited per "second" of a retry delay (default 1000). */
  retryBaseMs?: number;
  /** How often to retry after a rate limit (default 3). */
  rateLimitRetries?: number;
  /** The longest rate-limit wait worth retrying after, in seconds (default 60); longer ones fail at once. */
  rateLimitMaxWaitSeconds?: number;
  /** How often to retry a server error (500, 502, 503, 504; default 3). */
  serverErrorRetries?: number;
}

/** A request GitLab answered with an error status. */
export class GitLabHttpError extends Error {
  readonly status: number;
  /** Response headers, lower-cased (`retry-after`, `ratelimit-reset`…). */
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string>) {
    super(message);
    this.name = 'GitLabHttpError';
    this.status = status;
    this.headers = headers;
  }
}

/** What gitbeaker hands the request handler after building the request. */
interface HandlerOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  prefixUrl?: string;
  searchParams?: string;
  signal?: AbortSignal;
  rateLimiters?: RateLimiters;
}

const serverErrors = new Set([500, 502, 503, 504]);

/** A `requesterFn` for gitbeaker resources with this timing. */
export function gitlabRequester(timing: GitLabTiming = {}): (options: ResourceOptions) => RequesterType {
  return createRequesterFn((_service, options) => Promise.resolve(options), (endpoint, options) => send(endpoint, (options ?? {}) as HandlerOptions, timing));
}

async function send(endpoint: string, options: HandlerOptions, timing: GitLabTiming): Promise<FormattedResponse> {
  const url = new URL(endpoint, (options.prefixUrl ?? '').replace(/\/?$/, '/'));
  url.search = options.searchParams ?? '';
  const method = options.method ?? 'GET';
  for (let attempt = 0; ; attempt++) {
    await getMatchingRateLimiter(endpoint, options.rateLimiters, method)();
    const response = await fetch(url, { method, headers: options.headers, body: options.body, signal: options.signal });
    if (response.ok) return parse(response);
    const waitMs = retryDelayMs(response, attempt, timing);
    if (waitMs === undefined) throw await httpError(response);
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

/** How long to wait before retrying, or undefined when the failure is final. */
export function retryDelayMs(response: { status: number; headers: Headers }, attempt: number, timing: GitLabTiming, now = Date.now()): number | undefined {
  const base = timing.retryBaseMs ?? 1000;
  if (serverErrors.has(response.status)) return attempt < (timing.serverErrorRetries ?? 3) ? 2 ** attempt * base : undefined;
  if (response.status !== 429 || attempt >= (timing.rateLimitRetries ?? 3)) return undefined;
  const seconds = waitSeconds(response.headers, now);
  return seconds <= (timing.rateLimitMaxWaitSeconds ?? 60) ? Math.max(seconds, 0.5) * base : undefined;
}

/** Seconds until GitLab lets requests through again: `Retry-After`, else `RateLimit-Reset`, else a minute. */
function waitSeconds(headers: Headers, now: number): number {
  const retryAfter = Number(headers.get('retry-after') ?? Number.NaN);
  if (Number.isFinite(retryAfter)) return retryAfter;
  const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN);
  return Number.isFinite(reset) ? reset - now / 1000 : 60;
}

/** JSON, text or nothing; the forge calls no endpoint that streams. */
async function parse(response: Response): Promise<FormattedResponse> {
  const headers = Object.fromEntries(response.headers.entries());
  if (response.status === 204) return { body: null, headers, status: response.status };
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const body = type === 'application/json' ? ((await response.json()) as Record<string, unknown>) ?? {} : await response.text();
  return { body, headers, status: response.status };
}

async function httpError(response: Response): Promise<GitLabHttpError> {
  const text = await response.text();
  return new GitLabHttpError(response.status, gitlabMessage(text), Object.fromEntries(response.headers.entries()));
}

/** GitLab's `message` or `error`, which may be a text, a list or a field → messages map. */
function gitlabMessage(text: string): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text.trim().slice(0, 500) || 'without a message';
  }
  const value = (data as { message?: unknown; error?: unknown } | null)?.message ?? (data as { error?: unknown } | null)?.error;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (value && typeof value === 'object') return Object.entries(value).map(([field, why]) => `${field} ${[why].flat().join(', ')}`).join('; ');
  return 'without a message';
}
