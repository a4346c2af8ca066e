/**
 * What each workflow command does, after GitHub's runner (ActionCommandManager's extensions). A
 * handler that throws a CommandError fails the step with "Unable to process command …", as there.
 */
import type { Annotation, AnnotationLevel } from '../../core/events.ts';
import type { WorkflowCommand } from './workflow-command-parse.ts';

/** What a handler may touch: the step's log, its collected results and its options. */
export interface CommandScope {
  readonly allowUnsecureCommands: boolean;
  readonly debug: boolean;
  readonly workspace: string | undefined;
  /** Whether commands are echoed to the log (`::echo::on`, or step debug). */
  echo: boolean;
  /** Writes one line to the log of the stream the command came from. */
  out(line: string): void;
  /** Records an annotation and logs it as `##[level]message`. */
  issue(level: AnnotationLevel, message: string, at?: Omit<Annotation, 'level' | 'message'>): void;
  addMask(value: string): void;
  readonly outputs: Map<string, string>;
  readonly state: Map<string, string>;
  readonly env: Map<string, string>;
  /** `::add-path::` entries, oldest first (later ones take precedence). */
  readonly path: string[];
}

/** A command's failure; its message is reported as the runner reports the exception's. */
export class CommandError extends Error {}

/** One command's behaviour; `omitEcho` keeps the line out of the log even with echo on. */
export interface CommandHandler {
  readonly omitEcho: boolean;
  run(scope: CommandScope, command: WorkflowCommand): void;
}

const deprecated = (name: string): string =>
  `The \`${name}\` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/`;

const disabled = (name: string): string =>
  `The \`${name}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the \`ACTIONS_ALLOW_UNSECURE_COMMANDS\` environment variable to \`true\`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/`;

function requiredName(command: WorkflowCommand): string {
  const name = command.properties.get('name');
  if (!name) throw new CommandError(`Required field 'name' is missing in ##[${command.name}] command.`);
  return name;
}

/** `set-output` and `save-state`: still honoured on GitHub, with a deprecation warning each time. */
function keyed(target: 'outputs' | 'state'): CommandHandler {
  return {
    omitEcho: false,
    run(scope, command) {
      scope.issue('warning', deprecated(command.name));
      scope[target].set(requiredName(command), command.data);
    },
  };
}

const setEnv: CommandHandler = {
  omitEcho: false,
  run(scope, command) {
    if (!scope.allowUnsecureCommands) throw new CommandError(disabled('set-env'));
    const name = requiredName(command);
    if (name.toUpperCase() === 'NODE_OPTIONS') {
      scope.issue('error', "Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
      return;
    }
    scope.env.set(name, command.data);
  },
};

const addPath: CommandHandler = {
  omitEcho: false,
  run(scope, command) {
    if (!scope.allowUnsecureCommands) throw new CommandError(disabled('add-path'));
    if (command.data === '') throw new CommandError("Value cannot be null. (Parameter 'path')");
    const seen = scope.path.indexOf(command.data);
    if (seen >= 0) scope.path.splice(seen, 1);
    scope.path.push(command.data);
  },
};

const addMask: CommandHandler = {
  omitEcho: true,
  run(scope, command) {
    if (command.data.trim() === '') {
      scope.issue('warning', "Can't add secret mask for empty string in ##[add-mask] command.");
      return;
    }
    scope.addMask(command.data);
    if (scope.echo) scope.out('::add-mask::***');
  },
};

const debug: CommandHandler = {
  omitEcho: true,
  run(scope, command) {
    if (scope.debug) scope.out(`##[debug]${command.data}`);
  },
};

const group: CommandHandler = { omitEcho: false, run: (scope, command) => scope.out(`##[group]${command.data}`) };
const endGroup: CommandHandler = { omitEcho: false, run: (scope) => scope.out('##[endgroup]') };

const echo: CommandHandler = {
  omitEcho: false,
  run(scope, command) {
    if (command.data === '') throw new CommandError("Value cannot be null. (Parameter 'value')");
    const value = command.data.trim().toUpperCase();
    if (value !== 'ON' && value !== 'OFF') {
      throw new CommandError(`Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${command.data}'.`);
    }
    scope.echo = value === 'ON';
  },
};

/** Problem matchers are not implemented; say so rather than drop the command silently. */
const matcher: CommandHandler = {
  omitEcho: false,
  run(scope, command) {
    scope.issue('warning', `The \`${command.name}\` command is not supported by autodevops (problem matchers); it was ignored.`);
  },
};

function issueHandler(level: AnnotationLevel): CommandHandler {
  return { omitEcho: true, run: (scope, command) => scope.issue(level, command.data, issueLocation(command, scope.workspace)) };
}

/** The handlers by command name; `stop-commands` is handled by the processor itself. */
export const commandHandlers: Readonly<Record<string, CommandHandler>> = {
  'set-output': keyed('outputs'),
  'save-state': keyed('state'),
  'set-env': setEnv,
  'add-path': addPath,
  'add-mask': addMask,
  'add-matcher': matcher,
  'remove-matcher': matcher,
  debug,
  warning: issueHandler('warning'),
  error: issueHandler('error'),
  notice: issueHandler('notice'),
  group,
  endgroup: endGroup,
  echo,
};

/** Where an issue points, with the runner's line/column consistency rules (ValidateLinesAndColumns). */
export function issueLocation(command: WorkflowCommand, workspace?: string): Omit<Annotation, 'level' | 'message'> {
  const p = command.properties;
  const at = validateRange(p.get('line'), p.get('endline'), p.get('col'), p.get('endcolumn'));
  const file = p.get('file');
  const title = p.get('title');
  return {
    ...(file !== undefined && { file: relativeToWorkspace(file, workspace) }),
    ...(at.line !== undefined && { line: at.line }),
    ...(at.endLine !== undefined && { endLine: at.endLine }),
    ...(at.col !== undefined && { col: at.col }),
    ...(at.endColumn !== undefined && { endColumn: at.endColumn }),
    ...(title !== undefined && { title }),
  };
}

interface Range {
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

function validateRange(line?: string, endLine?: string, col?: string, endCol?: string): Range {
  const [l, el, c, ec] = [toInt(line), toInt(endLine), toInt(col), toInt(endCol)];
  const hasColumn = c !== undefined || ec !== undefined;
  const r: Range = { line: l, endLine: el, col: c, endColumn: ec };
  let lineText = line;
  if (el !== undefined && l === undefined) [r.line, lineText] = [el, endLine];
  if (ec !== undefined && c === undefined) r.col = ec;
  const dropColumns = (r.line === undefined && hasColumn) || (el !== undefined && lineText !== endLine && hasColumn);
  if (dropColumns) [r.col, r.endColumn] = [undefined, undefined];
  // Compared with the line as written (0 when absent), as the runner does.
  if (el !== undefined && el < (l ?? 0)) [r.line, r.endLine] = [undefined, undefined];
  if (ec !== undefined && ec < (c ?? 0)) [r.col, r.endColumn] = [undefined, undefined];
  return r;
}

/** int.TryParse: optional surrounding blanks and sign, 32-bit range. */
function toInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*[+-]?\d+\s*$/.test(text)) return undefined;
  const n = Number(text.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

function relativeToWorkspace(file: string, workspace: string | undefined): string {
  if (!workspace) return file;
  const prefix = workspace.endsWith('/') ? workspace : `${workspace}/`;
  return file.startsWith(prefix) && file.length > prefix.length ? file.slice(prefix.length) : file;
}
