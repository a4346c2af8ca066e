/**
 * Finds a host toolchain for the setup-* built-ins. autodevops never downloads a toolchain: it looks
 * on PATH (in order) and then in the directories version managers and tool caches install into
 * (nvm, pyenv, asdf, sdkman, /usr/lib/jvm, …), asks each candidate for its version, and picks the
 * first on PATH that satisfies the request, else the newest satisfying one elsewhere.
 */
import { globSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { runHostCommand } from './host-command.ts';

/** How to find and question one kind of toolchain. */
export interface ToolDefinition {
  /** Display name, e.g. `Node.js`. */
  title: string;
  /** Executable names looked for in each directory, in order. */
  names: readonly string[];
  /** Further executable names accepted in each directory (e.g. `python3.12`). */
  namePattern?: RegExp;
  /** Directories searched after PATH; `~` is the step's HOME, `*` matches one level. */
  knownDirs: readonly string[];
  /** Arguments that make it print its version. */
  versionArgs: readonly string[];
  /** The version in what it printed (stdout and stderr together); undefined when unrecognised. */
  parseVersion(output: string): string | undefined;
}

/** One toolchain found on this machine. */
export interface FoundTool {
  /** The executable as found. */
  path: string;
  /** Directory of the real executable (symlinks resolved): what goes on PATH. */
  dir: string;
  version: string;
  /** The raw version output, for outputs that quote it. */
  output: string;
}

/** What a search saw. */
export interface ToolSearch {
  found?: FoundTool;
  /** Every working candidate probed, for the error message. */
  seen: FoundTool[];
}

/** Where to search and under which environment. */
export interface SearchScope {
  env: Record<string, string>;
  /** PATH additions of earlier steps, first wins. */
  path: readonly string[];
  cwd: string;
  signal?: AbortSignal;
}

/** Searches PATH first, then the known directories, for a candidate whose version `accepts`. */
export async function findToolchain(tool: ToolDefinition, scope: SearchScope, accepts: (version: string) => boolean): Promise<ToolSearch> {
  const seen: FoundTool[] = [];
  const known = new Set<string>();
  for (const candidate of candidatesIn(tool, pathDirs(scope), known)) {
    const probed = await probe(tool, candidate, scope);
    if (!probed) continue;
    seen.push(probed);
    if (accepts(probed.version)) return { found: probed, seen };
  }
  const elsewhere: FoundTool[] = [];
  for (const candidate of candidatesIn(tool, knownDirs(tool, scope.env), known)) {
    const probed = await probe(tool, candidate, scope);
    if (probed) elsewhere.push(probed);
  }
  elsewhere.sort((a, b) => compareVersions(b.version, a.version));
  seen.push(...elsewhere);
  return { found: elsewhere.find((t) => accepts(t.version)), seen };
}

/** The PATH a step sees: earlier steps' additions, then its environment's PATH. */
export function pathDirs(scope: Pick<SearchScope, 'env' | 'path'>): string[] {
  return [...scope.path, ...(scope.env.PATH ?? '').split(path.delimiter)].filter((d) => d !== '');
}

/** The known directories of a tool, with `~`, `$VAR` (dropped when unset) and `*` expanded. */
export function knownDirs(tool: ToolDefinition, env: Record<string, string>): string[] {
  const home = env.HOME ?? homedir();
  return tool.knownDirs.flatMap((pattern) => {
    const variable = /^\$(\w+)/.exec(pattern)?.[1];
    if (variable !== undefined && !env[variable]) return [];
    const expanded = pattern.replace(/^~(?=\/|$)/, home).replace(/^\$(\w+)/, (_, name: string) => env[name]!);
    return expanded.includes('*') ? globSync(expanded).sort() : [expanded];
  });
}

/** Executables of the tool in `dirs`, skipping ones already seen (by real path). */
function* candidatesIn(tool: ToolDefinition, dirs: readonly string[], known: Set<string>): Generator<string> {
  for (const dir of dirs) {
    for (const name of namesIn(tool, dir)) {
      const file = path.join(dir, name);
      const real = executableRealPath(file);
      if (real === undefined || known.has(real)) continue;
      known.add(real);
      yield file;
    }
  }
}

function namesIn(tool: ToolDefinition, dir: string): string[] {
  if (!tool.namePattern) return [...tool.names];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir).filter((n) => tool.namePattern!.test(n) && !tool.names.includes(n));
  } catch {
    // A PATH entry that does not exist is common and harmless.
  }
  return [...tool.names, ...entries.sort().reverse()];
}

function executableRealPath(file: string): string | undefined {
  try {
    const st = statSync(file);
    return st.isFile() && (st.mode & 0o111) !== 0 ? realpathSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Asks a candidate for its version; undefined when it does not answer as the tool does. */
async function probe(tool: ToolDefinition, file: string, scope: SearchScope): Promise<FoundTool | undefined> {
  try {
    const r = await runHostCommand(file, tool.versionArgs, { cwd: scope.cwd, env: scope.env, signal: scope.signal, timeoutMs: 15_000 });
    const output = `${r.stdout}\n${r.stderr}`.trim();
    const version = r.exitCode === 0 ? tool.parseVersion(output) : undefined;
    return version === undefined ? undefined : { path: file, dir: path.dirname(realpathSync(file)), version, output };
  } catch (e) {
    if (scope.signal?.aborted) throw e;
    return undefined;
  }
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [semver.coerce(a), semver.coerce(b)];
  return x && y ? semver.compare(x, y) : a.localeCompare(b);
}

/** "v24.1.0 (/usr/bin/node), …" for messages. */
export function describeSeen(seen: readonly FoundTool[]): string {
  return seen.map((t) => `${t.version} (${t.path})`).join(', ');
}
