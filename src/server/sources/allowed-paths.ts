/**
 * What a request may name: a local directory only inside the server's root (its working
 * directory), after symlinks are resolved; a git URL only of a network scheme (or file: inside the
 * root), without credentials in it (they would be stored and shown), and a ref that git cannot
 * mistake for an option.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutodevopsError } from '../../core/errors.ts';

const invalid = (field: string, message: string, hint?: string): AutodevopsError => new AutodevopsError('ADO_REQUEST_INVALID', `${field}: ${message}`, hint === undefined ? {} : { hint });

/** True when `inner` is `outer` or inside it. */
export function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of a directory inside `root`, or a 400 naming `field`. */
export function localDirectory(root: string, given: string, field: string): string {
  let real: string;
  try {
    real = realpathSync(path.resolve(root, given));
  } catch {
    throw invalid(field, `"${given}" does not exist under the server's root`);
  }
  if (!isInside(realpathSync(root), real)) throw invalid(field, `"${given}" is outside the server's root`, 'Give a directory inside the directory the server was started in.');
  if (!statSync(real).isDirectory()) throw invalid(field, `"${given}" is not a directory`);
  return real;
}

const networkUrl = /^(https?|ssh|git):\/\/[^\s]+$/;
const scpLike = /^[\w.-]+@[\w.-]+:[^\s]+$/;

/** The URL to clone: a network URL as given, or a `file:` URL / absolute path resolved inside the root. */
export function gitRemote(root: string, url: string): string {
  const field = 'body.source.git';
  if (url.startsWith('file:') || path.isAbsolute(url)) return localDirectory(root, url.startsWith('file:') ? fileURLToPath(url) : url, field);
  if (scpLike.test(url) && !url.startsWith('-')) return url;
  if (!networkUrl.test(url)) throw invalid(field, `"${url}" is not a git URL`, 'Use https://, ssh://, git:// or user@host:path (or a file: URL inside the server\'s root).');
  const parsed = new URL(url);
  if (parsed.password !== '' || (parsed.username !== '' && parsed.protocol.startsWith('http'))) {
    throw invalid(field, 'the URL holds credentials', 'Leave credentials out of the URL: configure a git credential helper or an SSH key for the server instead.');
  }
  return url;
}

/** A branch, tag or commit name that cannot be read as an option or a range. */
export function checkRef(ref: string): string {
  if (!/^[\w./-]+$/.test(ref) || ref.startsWith('-') || ref.includes('..') || ref.endsWith('/') || ref.endsWith('.lock')) {
    throw invalid('body.source.ref', `"${ref}" is not a branch, tag or commit`);
  }
  return ref;
}

/** A workflow file path inside a source: relative, without `..`. */
export function checkFile(file: string): string {
  const normal = path.posix.normalize(file);
  if (path.posix.isAbsolute(normal) || normal.startsWith('..') || normal === '.' || file.includes('\\') || file.includes('\0')) {
    throw invalid('body.file', `"${file}" is not a path inside the source`, 'Give the workflow file relative to the source\'s root, e.g. .github/workflows/ci.yml.');
  }
  return normal;
}
