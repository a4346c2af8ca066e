/** How a file is named in messages and in the store: relative to the working directory when inside it. */
import path from 'node:path';

/** `file` relative to `cwd` when it is inside it, else as given. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
