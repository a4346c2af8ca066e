/**
 * Compressed answers for clients that ask for them (`Accept-Encoding: gzip`, as browsers, curl
 * --compressed and fetch() send): a page of 50 runs is ~15 KB of JSON and 2-4 KB gzipped, which is
 * what a dashboard polling over a network waits for (on loopback the server's cost hardly changes,
 * bench/api). Only answers that are final are compressed: once, then kept beside the plain body
 * with their own ETag (RFC 9110: each representation has its own strong tag).
 */
import { gzipSync } from 'node:zlib';

/** True when `Accept-Encoding` accepts gzip: named (or `x-gzip`, or `*`) without `q=0` (RFC 9110 §12.5.3). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined || acceptEncoding === '') return false;
  let wildcard = false;
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') wildcard = accepted;
  }
  return wildcard;
}

/** The gzip representation of `body`. */
export function gzip(body: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(body));
}
