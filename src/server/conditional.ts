/**
 * Conditional GET, as GitHub's API does it: answers that poll well (a run, a page of runs) carry an
 * `ETag`, and a request whose `If-None-Match` names the current one gets `304 Not Modified` with no
 * body. The tag is a digest of the very bytes, so it is right whatever changed; the answers that are
 * final (completed runs) keep theirs, so those cost no hashing after the first time.
 */
import { hash } from 'node:crypto';
import type { Context } from 'hono';
import { acceptsGzip } from './content-coding.ts';
import { answerHeader, requestHeader } from './node-bindings.ts';

/** A body with its entity tag. */
export interface TaggedBody {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** A strong entity tag of a body: the SHA-1 of its bytes, quoted. */
export function etagOf(body: string | Uint8Array): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}

/** True when an `If-None-Match` value names `etag` (or is `*`); weak tags compare weakly, as RFC 9110 says for GET. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * The JSON answer with its tag, or 304 when the client has it already. With `gzipped` (the gzip
 * representation, see content-coding.ts), a client accepting gzip gets that one, with its own tag.
 */
export function conditionalJson(c: Context, body: string | Uint8Array, etag: string, gzipped?: () => TaggedBody): Response {
  const chosen = gzipped !== undefined && acceptsGzip(requestHeader(c, 'accept-encoding')) ? gzipped() : undefined;
  // A second header through Hono's body() would make it build a web Headers object for the answer,
  // which cost more than the rest of this route: the headers go onto Node's response.
  if (gzipped !== undefined) answerHeader(c, 'vary', 'Accept-Encoding');
  answerHeader(c, 'etag', chosen?.etag ?? etag);
  if (matches(requestHeader(c, 'if-none-match'), chosen?.etag ?? etag)) return c.body(null, 304);
  if (chosen !== undefined) return c.body(chosen.body, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  return c.body(body as string, 200, { 'content-type': 'application/json' });
}

/** The 304 answer's description, for the routes that answer conditionally. */
export const notModified = { description: 'Not modified: the `If-None-Match` ETag is still current (no body).' };
