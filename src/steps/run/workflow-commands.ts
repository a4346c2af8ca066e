/**
 * Streaming workflow-command processing for a step's stdout and stderr (GitHub's runner reads
 * commands from both). Output arrives in arbitrary chunks; complete lines are parsed, commands are
 * acted on, everything else goes to the log in order. Command lines are not logged unless echo is
 * on (`::echo::on` or step debug), as on GitHub; groups and annotations are logged in the runner's
 * `##[group]title`, `##[endgroup]`, `##[error]message` form.
 *
 * Masking: `::add-mask::` registers the value before any text after it is logged. Lines of the same
 * chunk before it are still unlogged at that moment, so they are masked too (stricter than GitHub).
 */
import type { Annotation, AnnotationLevel } from '../../core/events.ts';
import { LineSplitter } from './line-splitter.ts';
import { parseWorkflowCommand, type WorkflowCommand } from './workflow-command-parse.ts';
import { CommandError, commandHandlers, type CommandScope } from './workflow-command-handlers.ts';

/** A process output stream. */
export type OutputStream = 'stdout' | 'stderr';

/** Where lines and masks go (a StepContext fits). */
export interface CommandSink {
  log(stream: OutputStream, text: string): void;
  addMask(value: string): void;
}

/** Switches read from the step's environment. */
export interface WorkflowCommandOptions {
  /** `ACTIONS_ALLOW_UNSECURE_COMMANDS=true`: honour `::set-env::` and `::add-path::`. */
  allowUnsecureCommands?: boolean;
  /** `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS=true`: accept any `::stop-commands::` token. */
  allowUnsecureStopTokens?: boolean;
  /** Step debug logging: show `::debug::` lines and echo commands. */
  debug?: boolean;
  /** Absolute file paths under this directory are made relative in annotations. */
  workspace?: string;
}

/** What the commands produced. `path` is first-wins. */
export interface WorkflowCommandResults {
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  annotations: Annotation[];
  /** Set when a command could not be processed (GitHub then fails the step): why. */
  failure?: string;
}

const stopTokenRefused =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`.";

/** Parses one step's output as it streams and collects what its commands say. */
export class WorkflowCommandProcessor {
  readonly #sink: CommandSink;
  readonly #allowAnyStopToken: boolean;
  readonly #splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  readonly #annotations: Annotation[] = [];
  readonly #scope: CommandScope;
  #current: OutputStream = 'stdout';
  #pending = '';
  #pendingStream: OutputStream = 'stdout';
  #stopToken: string | undefined;
  #failure: string | undefined;

  constructor(sink: CommandSink, options: WorkflowCommandOptions = {}) {
    this.#sink = sink;
    this.#allowAnyStopToken = options.allowUnsecureStopTokens ?? false;
    this.#scope = {
      allowUnsecureCommands: options.allowUnsecureCommands ?? false,
      debug: options.debug ?? false,
      workspace: options.workspace,
      echo: options.debug ?? false,
      out: (line) => this.#out(line),
      issue: (level, message, at) => this.#issue(level, message, at),
      addMask: (value) => sink.addMask(value),
      outputs: new Map(), state: new Map(), env: new Map(), path: [],
    };
  }

  /** Feeds a chunk of one stream; complete lines are handled and logged before this returns. */
  write(stream: OutputStream, chunk: Buffer | string): void {
    for (const line of this.#splitters[stream].push(chunk)) this.#line(stream, line);
    this.#flush();
  }

  /** Handles the last unterminated lines once the process has ended. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const line of this.#splitters[stream].end()) this.#line(stream, line);
    }
    this.#flush();
  }

  /** Everything collected so far. */
  results(): WorkflowCommandResults {
    const s = this.#scope;
    return {
      outputs: Object.fromEntries(s.outputs), state: Object.fromEntries(s.state), env: Object.fromEntries(s.env),
      path: [...s.path].reverse(), annotations: [...this.#annotations], ...(this.#failure !== undefined && { failure: this.#failure }),
    };
  }

  #line(stream: OutputStream, line: string): void {
    this.#current = stream;
    // The runner only tries lines that contain a command marker; the rest is plain output.
    if (line !== '' && (line.includes('::') || line.includes('##[')) && this.#command(line)) return;
    this.#out(line);
  }

  /** True when the line was consumed as a command. */
  #command(line: string): boolean {
    const command = parseWorkflowCommand(line, (name) => this.#isRegistered(name));
    if (!command) return false;
    if (this.#stopToken !== undefined) return this.#resume(command, line);
    if (command.name === 'stop-commands') this.#stop(command, line);
    else this.#run(command, line);
    return true;
  }

  #isRegistered(name: string): boolean {
    const lower = name.toLowerCase();
    return lower === 'stop-commands' || Object.hasOwn(commandHandlers, lower) || lower === this.#stopToken;
  }

  #run(command: WorkflowCommand, line: string): void {
    const handler = commandHandlers[command.name]!;
    if (this.#scope.echo && !handler.omitEcho) this.#out(line);
    try {
      handler.run(this.#scope, command);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      const summary = `Unable to process command '${handler.omitEcho ? command.name : line}' successfully.`;
      this.#issue('error', summary);
      this.#issue('error', e.message);
      this.#failure ??= `${summary} ${e.message}`;
    }
  }

  #stop(command: WorkflowCommand, line: string): void {
    const token = command.data.toLowerCase();
    const unsafe = token === '' || token === 'pause-logging' || this.#isRegistered(token);
    if (unsafe && !this.#allowAnyStopToken) {
      this.#issue('error', stopTokenRefused);
      return;
    }
    // A long token is a secret of sorts: whoever can print it can switch commands back on.
    if (command.data.length > 6) this.#sink.addMask(command.data);
    this.#out(line);
    this.#stopToken = token;
  }

  /** While stopped, only the token line is a command; it is logged and switches commands back on. */
  #resume(command: WorkflowCommand, line: string): boolean {
    if (this.#stopToken === '' || command.name !== this.#stopToken) return false;
    this.#out(line);
    this.#stopToken = undefined;
    return true;
  }

  #issue(level: AnnotationLevel, message: string, at?: Omit<Annotation, 'level' | 'message'>): void {
    this.#annotations.push({ level, message, ...at });
    this.#out(`##[${level}]${message}`);
  }

  #out(line: string): void {
    if (this.#pending !== '' && this.#pendingStream !== this.#current) this.#flush();
    this.#pendingStream = this.#current;
    this.#pending += `${line}\n`;
  }

  #flush(): void {
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.#sink.log(this.#pendingStream, text);
  }
}
