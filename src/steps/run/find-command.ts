/**
 * `which` for shells: finds a program on a PATH. Results are cached per (PATH, name) so a job of many
 * steps does the directory probing once; a step that changes PATH gets its own entries.
 */
import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const cache = new Map<string, string | null>();

/** The absolute path of `command` on `pathValue`, or undefined; names with a slash are checked as given. */
export function findCommand(command: string, pathValue: string): string | undefined {
  if (command.includes('/')) return isExecutableFile(command) ? command : undefined;
  const key = `${pathValue}\0${command}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = search(command, pathValue);
    cache.set(key, found);
  }
  return found ?? undefined;
}

function search(command: string, pathValue: string): string | null {
  for (const dir of pathValue.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && st.isFile() && (st.mode & 0o111) !== 0;
}
