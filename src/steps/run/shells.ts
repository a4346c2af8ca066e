/**
 * The `shell:` invocation table, as GitHub's runner builds it (ScriptHandler / ScriptHandlerHelpers):
 * the first word names the program, the rest is an argument format that must contain `{0}` (the
 * script path); a bare built-in name takes its default format. `node` is an autodevops addition.
 */
import { permanent } from '../../core/failure.ts';
import { splitArguments } from './split-arguments.ts';

/** Finds a command's executable path; undefined when it is not installed. */
export type CommandResolver = (command: string) => string | undefined;

/** A resolved shell, before the script path is known. */
export interface ShellSpec {
  /** Program to start: an absolute path when the resolver found it, else the name as written. */
  command: string;
  /** Arguments, with `{0}` where the script path goes. */
  args: string[];
  /** Script file extension (`.sh`, `.py`, …; empty for custom programs GitHub does not know). */
  extension: string;
  /** Lower-cased program name as written (`bash`, `pwsh`, `perl`), which picks script fix-ups. */
  kind: string;
}

/** A ready command line for one script file. */
export interface ShellInvocation {
  command: string;
  args: string[];
  extension: string;
}

/** How names are looked up; defaults suit pure use (every program exists under its own name). */
export interface ShellOptions {
  resolve?: CommandResolver;
  /** `cmd` and `powershell` exist only on Windows. */
  platform?: NodeJS.Platform;
  /** Node used for `shell: node` when no `node` is on PATH. */
  fallbackNode?: string;
}

const builtins: Readonly<Record<string, { args: string; extension: string }>> = {
  bash: { args: '--noprofile --norc -eo pipefail {0}', extension: '.sh' },
  sh: { args: '-e {0}', extension: '.sh' },
  python: { args: '{0}', extension: '.py' },
  pwsh: { args: `-command ". '{0}'"`, extension: '.ps1' },
  powershell: { args: `-command ". '{0}'"`, extension: '.ps1' },
  cmd: { args: '/D /E:ON /V:OFF /S /C "CALL "{0}""', extension: '.cmd' },
  node: { args: '{0}', extension: '.js' },
};

const builtinList = 'bash, sh, python, pwsh, node';

/** Resolves `shell:` (undefined or '' = the default) into a program, argument format and extension. */
export function resolveShell(shell: string | undefined, options: ShellOptions = {}): ShellSpec {
  const resolve = options.resolve ?? ((c: string) => c);
  if (shell === undefined || shell === '') return defaultShell(resolve);
  // Like the runner: split at the first space only; everything after it is the argument format.
  const space = shell.indexOf(' ');
  const name = space < 0 ? shell : shell.slice(0, space);
  const format = space < 0 ? '' : shell.slice(space + 1).trimStart();
  const kind = name.toLowerCase();
  const builtin = Object.hasOwn(builtins, kind) ? builtins[kind] : undefined;
  if (format === '' && builtin && (kind === 'cmd' || kind === 'powershell') && (options.platform ?? process.platform) !== 'win32') {
    throw permanent(`The shell '${name}' exists only on Windows runners; use bash, sh, pwsh or python here.`);
  }
  const argFormat = format === '' ? (builtin?.args ?? '') : format;
  if (name === '' || !argFormat.includes('{0}')) {
    throw permanent(`Invalid shell option '${shell}'. Shell must be a valid built-in (${builtinList}) or a format string containing '{0}'.`);
  }
  return { command: locate(name, resolve, options), args: splitArguments(argFormat), extension: builtin?.extension ?? '', kind };
}

/** The command line that runs `scriptPath` (which should carry `resolveShell(shell).extension`). */
export function shellInvocation(shell: string | undefined, scriptPath: string, options: ShellOptions = {}): ShellInvocation {
  const spec = resolveShell(shell, options);
  return { command: spec.command, args: bindScript(spec, scriptPath), extension: spec.extension };
}

/** The spec's arguments with the script path in place of every `{0}`. */
export function bindScript(spec: ShellSpec, scriptPath: string): string[] {
  // Substituted after splitting, so a script path with spaces stays one argument.
  return spec.args.map((a) => a.replaceAll('{0}', scriptPath));
}

/** The script file's text: the step's `run:` as written, with GitHub's fix-ups for PowerShell and cmd. */
export function scriptContents(spec: ShellSpec, run: string): string {
  if (spec.kind === 'pwsh' || spec.kind === 'powershell') {
    return `$ErrorActionPreference = 'stop'\n${run}\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }`;
  }
  if (spec.kind === 'cmd') return `@echo off\n${run}`;
  return run;
}

/** No `shell:`: `bash -e {0}` when bash exists, else `sh -e {0}` (both `.sh`). */
function defaultShell(resolve: CommandResolver): ShellSpec {
  const bash = resolve('bash');
  const command = bash ?? resolve('sh') ?? 'sh';
  return { command, args: ['-e', '{0}'], extension: '.sh', kind: 'sh' };
}

/** `python` falls back to `python3`, `node` to the Node running autodevops. */
function locate(name: string, resolve: CommandResolver, options: ShellOptions): string {
  const found = resolve(name);
  if (found !== undefined) return found;
  if (name === 'python') return resolve('python3') ?? name;
  if (name === 'node') return options.fallbackNode ?? process.execPath;
  return name;
}
