/**
 * The program the github-script built-in runs in a child Node process: it builds `core`, `exec`,
 * `glob`, `io`, `github` and `context` the way actions/github-script offers them and runs the
 * workflow's script as the body of an async function. It talks back only through the runner's own
 * protocols (`$GITHUB_OUTPUT` and the other environment files, `::` commands on stdout), so the
 * engine treats it like any action process.
 *
 * The functions below are sent to the child as source text (`runnerSource`), so each must be
 * self-contained: it may use only its parameters, globals and the other functions listed in
 * `parts` (type-only imports are erased; modules come from `process.getBuiltinModule`).
 */
import type * as ChildProcessModule from 'node:child_process';
import type * as CryptoModule from 'node:crypto';
import type * as FsModule from 'node:fs';
import type { createRequire } from 'node:module';
import type * as PathModule from 'node:path';

/** What the parent writes to the input file. */
export interface ScriptRunnerInput {
  script: string;
  encoding: string;
  context: Record<string, unknown>;
  /** Resolved path of `@octokit/rest`, when installed. */
  octokitPath?: string;
  baseUrl: string;
  userAgent: string;
  previews: string[];
  debug: boolean;
}

/** The Node modules the child uses. */
export interface RunnerModules {
  fs: typeof FsModule;
  path: typeof PathModule;
  crypto: typeof CryptoModule;
  childProcess: typeof ChildProcessModule;
  createRequire: typeof createRequire;
}

/** The workflow-command and file-command writers of @actions/core. */
export interface CommandWriter {
  toValue(value: unknown): string;
  issue(name: string, message?: unknown, properties?: Record<string, unknown>): void;
  fileCommand(variable: string, key: string, value: unknown): void;
}

/** Built-in modules, taken without `import` so the child needs no module resolution. */
export function loadModules(): RunnerModules {
  const get = (name: string): unknown => process.getBuiltinModule(name);
  return {
    fs: get('node:fs') as typeof FsModule, path: get('node:path') as typeof PathModule, crypto: get('node:crypto') as typeof CryptoModule,
    childProcess: get('node:child_process') as typeof ChildProcessModule, createRequire: (get('node:module') as { createRequire: typeof createRequire }).createRequire,
  };
}

/** `::name props::message` lines and `KEY<<delimiter` file commands, escaped as @actions/core does. */
export function commandWriter(m: RunnerModules): CommandWriter {
  const toValue = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return {
    toValue,
    issue: (name, message = '', properties = {}) => {
      const props = Object.entries(properties).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(toValue(v))}`).join(',');
      process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message instanceof Error ? message.toString() : toValue(message))}\n`);
    },
    fileCommand: (variable, key, value) => {
      const delimiter = `ghadelimiter_${m.crypto.randomUUID()}`;
      m.fs.appendFileSync(process.env[variable]!, `${key}<<${delimiter}\n${toValue(value)}\n${delimiter}\n`);
    },
  };
}

/** `core.summary`: a buffer of HTML written to `$GITHUB_STEP_SUMMARY`. */
export function createSummary(m: RunnerModules) {
  const buffer: string[] = [];
  type Cell = string | { data: string; header?: boolean };
  const cell = (c: Cell): string => (typeof c === 'string' ? `<td>${c}</td>` : c.header ? `<th>${c.data}</th>` : `<td>${c.data}</td>`);
  const summary = {
    addRaw(text: string, addEOL = false) { buffer.push(text + (addEOL ? '\n' : '')); return summary; },
    addEOL() { return summary.addRaw('\n'); },
    addHeading(text: string, level: number | string = 1) { const l = Math.min(6, Math.max(1, Number(level) || 1)); return summary.addRaw(`<h${l}>${text}</h${l}>`, true); },
    addCodeBlock(code: string, lang?: string) { return summary.addRaw(`<pre${lang ? ` lang="${lang}"` : ''}><code>${code}</code></pre>`, true); },
    addList(items: string[], ordered = false) { const t = ordered ? 'ol' : 'ul'; return summary.addRaw(`<${t}>${items.map((i) => `<li>${i}</li>`).join('')}</${t}>`, true); },
    addTable(rows: Cell[][]) { return summary.addRaw(`<table>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</table>`, true); },
    addSeparator() { return summary.addRaw('<hr>', true); },
    addBreak() { return summary.addRaw('<br>', true); },
    addQuote(text: string) { return summary.addRaw(`<blockquote>${text}</blockquote>`, true); },
    addLink(text: string, href: string) { return summary.addRaw(`<a href="${href}">${text}</a>`, true); },
    stringify() { return buffer.join(''); },
    isEmptyBuffer() { return buffer.length === 0; },
    emptyBuffer() { buffer.length = 0; return summary; },
    async clear() { m.fs.writeFileSync(process.env.GITHUB_STEP_SUMMARY!, ''); return summary.emptyBuffer(); },
    async write(options: { overwrite?: boolean } = {}) {
      (options.overwrite ? m.fs.writeFileSync : m.fs.appendFileSync)(process.env.GITHUB_STEP_SUMMARY!, summary.stringify());
      return summary.emptyBuffer();
    },
  };
  return summary;
}

/** `core`, reading inputs from `INPUT_*` and writing through the runner's protocols. */
export function createCore(m: RunnerModules, w: CommandWriter, summary: unknown) {
  type InputOptions = { required?: boolean; trimWhitespace?: boolean };
  type AnnotationProperties = { title?: string; file?: string; startLine?: number; endLine?: number; startColumn?: number; endColumn?: number };
  const annotation = (p: AnnotationProperties): Record<string, unknown> => ({ title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn });
  const getInput = (name: string, options: InputOptions = {}): string => {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
    if (options.required && !value) throw new Error(`Input required and not supplied: ${name}`);
    return options.trimWhitespace === false ? value : value.trim();
  };
  return {
    getInput,
    getMultilineInput: (name: string, options: InputOptions = {}) => getInput(name, options).split('\n').filter((l) => l !== '').map((l) => (options.trimWhitespace === false ? l : l.trim())),
    getBooleanInput: (name: string, options: InputOptions = {}) => {
      const value = getInput(name, options);
      if (['true', 'True', 'TRUE'].includes(value)) return true;
      if (['false', 'False', 'FALSE'].includes(value)) return false;
      throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\nSupport boolean input list: \`true | True | TRUE | false | False | FALSE\``);
    },
    setOutput: (name: string, value: unknown) => w.fileCommand('GITHUB_OUTPUT', name, value),
    exportVariable: (name: string, value: unknown) => {
      process.env[name] = w.toValue(value);
      w.fileCommand('GITHUB_ENV', name, value);
    },
    addPath: (dir: string) => {
      m.fs.appendFileSync(process.env.GITHUB_PATH!, `${dir}\n`);
      process.env.PATH = `${dir}${m.path.delimiter}${process.env.PATH ?? ''}`;
    },
    setSecret: (value: string) => w.issue('add-mask', value),
    setFailed: (message: string | Error) => {
      process.exitCode = 1;
      w.issue('error', message);
    },
    isDebug: () => process.env.RUNNER_DEBUG === '1',
    debug: (message: string) => w.issue('debug', message),
    info: (message: string) => void process.stdout.write(`${message}\n`),
    warning: (message: string | Error, properties: AnnotationProperties = {}) => w.issue('warning', message, annotation(properties)),
    error: (message: string | Error, properties: AnnotationProperties = {}) => w.issue('error', message, annotation(properties)),
    notice: (message: string | Error, properties: AnnotationProperties = {}) => w.issue('notice', message, annotation(properties)),
    startGroup: (name: string) => w.issue('group', name),
    endGroup: () => w.issue('endgroup'),
    group: async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      w.issue('group', name);
      try {
        return await fn();
      } finally {
        w.issue('endgroup');
      }
    },
    saveState: (name: string, value: unknown) => w.fileCommand('GITHUB_STATE', name, value),
    getState: (name: string) => process.env[`STATE_${name}`] ?? '',
    setCommandEcho: (on: boolean) => w.issue('echo', on ? 'on' : 'off'),
    toPosixPath: (p: string) => p.replace(/[\\]/g, '/'),
    toPlatformPath: (p: string) => p.replace(/[/\\]/g, m.path.sep),
    summary,
  };
}

/** `exec.exec` and `exec.getExecOutput`: the command line is split like @actions/exec splits it. */
export function createExec(m: RunnerModules) {
  type ExecOptions = { cwd?: string; env?: Record<string, string>; silent?: boolean; ignoreReturnCode?: boolean; input?: string | Buffer; listeners?: { stdout?: (b: Buffer) => void; stderr?: (b: Buffer) => void } };
  const split = (line: string): string[] => [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((x) => x[1] ?? x[2] ?? x[3]!);
  const run = (commandLine: string, args: string[] = [], options: ExecOptions = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> => {
    const [command, ...leading] = split(commandLine);
    const all = [...leading, ...args];
    if (!options.silent) process.stdout.write(`[command]${[command, ...all].join(' ')}\n`);
    return new Promise((resolve, reject) => {
      const child = m.childProcess.spawn(command!, all, { cwd: options.cwd, env: options.env ?? process.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const collect = (into: Buffer[], listener: ((b: Buffer) => void) | undefined, echo: NodeJS.WriteStream) => (b: Buffer) => {
        into.push(b);
        listener?.(b);
        if (!options.silent) echo.write(b);
      };
      child.stdout!.on('data', collect(out, options.listeners?.stdout, process.stdout));
      child.stderr!.on('data', collect(err, options.listeners?.stderr, process.stderr));
      if (options.input !== undefined) child.stdin!.end(options.input);
      child.on('error', reject);
      child.on('close', (code) => {
        const exitCode = code ?? 1;
        if (exitCode !== 0 && !options.ignoreReturnCode) reject(new Error(`The process '${command}' failed with exit code ${exitCode}`));
        else resolve({ exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
    });
  };
  return {
    exec: async (commandLine: string, args?: string[], options?: ExecOptions) => (await run(commandLine, args, options)).exitCode,
    getExecOutput: (commandLine: string, args?: string[], options?: ExecOptions) => run(commandLine, args, options),
  };
}

/** `glob.create(patterns).glob()` and `glob.hashFiles` (lines, `!` excludes, relative to the working directory). */
export function createGlob(m: RunnerModules) {
  const lines = (patterns: string): string[] => patterns.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const find = async (patterns: string): Promise<string[]> => {
    const include = lines(patterns).filter((l) => !l.startsWith('!')).map((l) => m.path.resolve(l));
    const exclude = lines(patterns).filter((l) => l.startsWith('!')).map((l) => m.path.resolve(l.slice(1)));
    const found = new Set<string>();
    for (const pattern of include) for await (const f of m.fs.promises.glob(pattern)) if (!exclude.some((e) => m.path.matchesGlob(f, e))) found.add(f);
    return [...found].sort();
  };
  return {
    create: async (patterns: string) => ({
      glob: () => find(patterns),
      globGenerator: async function* () { yield* await find(patterns); },
      getSearchPaths: () => lines(patterns).filter((l) => !l.startsWith('!')),
    }),
    hashFiles: async (patterns: string) => {
      const hash = m.crypto.createHash('sha256');
      const files = (await find(patterns)).filter((f) => m.fs.statSync(f).isFile());
      for (const file of files) hash.update(m.crypto.createHash('sha256').update(m.fs.readFileSync(file)).digest());
      return files.length > 0 ? hash.digest('hex') : '';
    },
  };
}

/** `io`: mkdirP, rmRF, mv, cp, which. */
export function createIo(m: RunnerModules) {
  const executable = (file: string): boolean => {
    try {
      m.fs.accessSync(file, m.fs.constants.X_OK);
      return m.fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  return {
    mkdirP: async (p: string) => void m.fs.mkdirSync(p, { recursive: true }),
    rmRF: async (p: string) => m.fs.rmSync(p, { recursive: true, force: true }),
    mv: async (from: string, to: string) => m.fs.renameSync(from, to),
    cp: async (from: string, to: string, options: { recursive?: boolean; force?: boolean } = {}) => m.fs.cpSync(from, to, { recursive: options.recursive ?? false, force: options.force ?? true }),
    which: async (tool: string, check = false) => {
      const found = (process.env.PATH ?? '').split(m.path.delimiter).map((dir) => m.path.join(dir, tool)).find(executable);
      if (found === undefined && check) throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable.`);
      return found ?? '';
    },
  };
}

/** `context`, with @actions/github's derived `repo` and `issue`. */
export function createScriptContext(raw: Record<string, unknown>): Record<string, unknown> {
  const context = { ...raw };
  const repo = (): { owner: string; repo: string } => {
    const [owner, name] = String(raw.repository ?? '').split('/');
    if (!owner || !name) throw new Error("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'");
    return { owner, repo: name };
  };
  Object.defineProperty(context, 'repo', { enumerable: true, get: repo });
  Object.defineProperty(context, 'issue', {
    enumerable: true,
    get: () => {
      const payload = (raw.payload ?? {}) as { issue?: { number?: number }; pull_request?: { number?: number }; number?: number };
      return { ...repo(), number: (payload.issue ?? payload.pull_request ?? payload).number };
    },
  });
  return context;
}

/** An Octokit client for the token, or a stub that explains on first use that there is none. */
export function createGithub(input: ScriptRunnerInput, token: string, load: (id: string) => unknown): unknown {
  if (token && input.octokitPath) {
    const { Octokit } = load(input.octokitPath) as { Octokit: new (options: Record<string, unknown>) => unknown };
    return new Octokit({ auth: token, baseUrl: input.baseUrl, userAgent: input.userAgent, previews: input.previews, ...(input.debug && { log: console }) });
  }
  const missing = (): never => {
    throw new Error('github-script: the `github` client needs a token, and none is set. Pass `github-token` (for example `github-token: ${{ secrets.GITHUB_TOKEN }}` with `--secret GITHUB_TOKEN=…`) or set GITHUB_TOKEN; autodevops runs offline and has no token of its own.');
  };
  // `then` and symbols stay undefined so the stub can be awaited and inspected without failing.
  return new Proxy({}, { get: (_target, property) => (typeof property === 'symbol' || property === 'then' ? undefined : missing()) });
}

/** The child's main: runs the script and sets `result`; an uncaught error fails the step as github-script does. */
export async function scriptRunner(inputPath: string): Promise<void> {
  const m = loadModules();
  const input = JSON.parse(m.fs.readFileSync(inputPath, 'utf8')) as ScriptRunnerInput;
  const ownRequire = m.createRequire(inputPath);
  const workspaceRequire = m.createRequire(m.path.join(process.cwd(), '__github-script__.js'));
  const userRequire = (id: string): unknown => {
    try {
      return workspaceRequire(id);
    } catch {
      return ownRequire(id);
    }
  };
  const w = commandWriter(m);
  const core = createCore(m, w, createSummary(m));
  const github = createGithub(input, core.getInput('github-token'), ownRequire);
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
    const body = new AsyncFunction('require', '__original_require__', 'github', 'octokit', 'context', 'core', 'exec', 'glob', 'io', 'fetch', input.script);
    const result = await body(userRequire, ownRequire, github, github, createScriptContext(input.context), core, createExec(m), createGlob(m), createIo(m), fetch);
    if (input.encoding !== 'json' && input.encoding !== 'string') throw new Error('"result-encoding" must be either "string" or "json"');
    core.setOutput('result', input.encoding === 'string' ? String(result) : JSON.stringify(result));
  } catch (error) {
    console.error(error);
    core.setFailed(`Unhandled error: ${String(error)}`);
  }
}

const parts = [loadModules, commandWriter, createSummary, createCore, createExec, createGlob, createIo, createScriptContext, createGithub, scriptRunner];

/** The child program's source: the functions above, then the call of `scriptRunner` on `inputFile`. */
export function runnerSource(inputFile: string): string {
  // `__name` guards against a transpiler's keep-names helper appearing inside the serialised functions.
  return ['const __name = (f) => f;', ...parts.map((f) => f.toString()), `await ${scriptRunner.name}(${JSON.stringify(inputFile)});`, ''].join('\n');
}
