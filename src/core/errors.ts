/**
 * The error catalogue: every error a user can see has a stable code, a category, a message that
 * names the file/line/field, and a hint that says what to do. `docs/errors.md` is generated from
 * this table (`npm run docs:errors`).
 */

/** Who has to act: the user (bad input), the operator (system), or an outside service. */
export type ErrorCategory = 'user-input' | 'system' | 'third-party';

/** One entry of the catalogue. */
export interface ErrorDefinition {
  category: ErrorCategory;
  /** Short description used in docs/errors.md. */
  title: string;
  /** What to do next; shown after the message. */
  hint: string;
}

/** A position in a source file; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One positioned problem found in an input. */
export interface Diagnostic {
  location: SourceLocation;
  message: string;
}

const userInput = (title: string, hint: string): ErrorDefinition => ({ category: 'user-input', title, hint });
const system = (title: string, hint: string): ErrorDefinition => ({ category: 'system', title, hint });

/** Every error code autodevops reports. Codes are stable: never rename one, only add. */
export const errorCatalogue = {
  ADO_USAGE: userInput('The command line is not valid', 'Run `autodevops help <command>` for the accepted arguments and flags.'),
  ADO_WORKFLOW_NOT_FOUND: userInput('A workflow file or directory does not exist', 'Check the path; by default autodevops looks in .github/workflows/.'),
  ADO_WORKFLOW_UNREADABLE: userInput('A workflow file cannot be read as text', 'Workflow files must be UTF-8 YAML text of at most 1 MiB.'),
  ADO_WORKFLOW_INVALID: userInput('A workflow file is not a valid GitHub Actions workflow', 'Fix each error at the file:line:col shown; `autodevops validate <file>` lists them all.'),
  ADO_WORKFLOW_AMBIGUOUS: userInput('More than one workflow matches', 'Name the workflow file to run.'),
  ADO_EVENT_UNKNOWN: userInput('The event is not one GitHub defines, or the workflow is not triggered by it', 'Use an event listed under the workflow\'s `on:` (for example `push` or `workflow_dispatch`).'),
  ADO_EVENT_PAYLOAD_INVALID: userInput('The event payload file is missing or is not a JSON object', 'Pass a file holding one JSON object with --event-path.'),
  ADO_INPUT_INVALID: userInput('A workflow_dispatch input is missing, unknown or of the wrong type', 'Pass inputs as --input name=value, matching `on.workflow_dispatch.inputs`.'),
  ADO_ARGUMENT_INVALID: userInput('A key=value argument is malformed', 'Write it as key=value, e.g. --secret TOKEN=abc.'),
  ADO_SECRETS_FILE_UNREADABLE: userInput('The secrets or variables file cannot be read or parsed', 'Give a readable file of KEY=value lines (dotenv format).'),
  ADO_DATA_DIR_UNUSABLE: userInput('The data directory cannot be created or written', 'Choose a writable directory with --data-dir or AUTODEVOPS_DATA_DIR.'),
  ADO_RUN_NOT_FOUND: userInput('No run has this id', 'List runs with `autodevops list`.'),
  ADO_RUN_STATE: userInput('The run is not in a state that allows this', 'See the run\'s state with `autodevops show <run>`.'),
  ADO_APPROVAL_DENIED: userInput('This person may not decide this approval', 'Ask one of the approvers named by `autodevops show <run>`.'),
  ADO_STEP_KIND_UNKNOWN: userInput('A step uses an action or step kind autodevops does not know', 'Register the step kind through the programmatic API, or use a `run:` step.'),
  ADO_CONFIG_INVALID: userInput('The autodevops configuration file is not valid', 'Fix the field named in the message; see docs/configuration.md.'),
  ADO_UNSUPPORTED_LOCALLY: userInput('A job or step cannot run on this machine', 'Pass --skip-unsupported to skip what cannot run, map runs-on labels in autodevops.yml (runs-on: { <label>: local }), or see docs/running-locally.md.'),
  ADO_REQUEST_INVALID: userInput('An HTTP request is malformed: bad JSON, an unknown field or a value of the wrong type', 'Fix the field named in the diagnostics; the accepted shapes are in the server\'s /openapi.json.'),
  ADO_UNAUTHENTICATED: userInput('An HTTP request has no valid API token', 'Send `Authorization: Bearer <token>`; create a token with `autodevops token create --name <name> --role viewer`.'),
  ADO_FORBIDDEN: userInput('The API token\'s role does not allow this', 'Use a token with a higher role (viewer < operator < admin); see `autodevops token list`.'),
  ADO_ROUTE_NOT_FOUND: userInput('No HTTP route has this method and path', 'See the server\'s /openapi.json (or /docs) for the routes.'),
  ADO_TOKEN_NOT_FOUND: userInput('No API token has this id', 'List tokens with `autodevops token list`.'),
  ADO_STORE_NEWER: system('The data directory was written by a newer autodevops', 'Upgrade autodevops, or point --data-dir at another directory.'),
  ADO_STORE_CONFLICT: system('Another process changed the same run at the same time', 'Another autodevops process owns this run or took the command first; see `autodevops show <run>`.'),
  ADO_STORE_CORRUPT: system('The data directory\'s database cannot be opened', 'Restore it from a backup or move it aside; autodevops never deletes it.'),
  ADO_INTERNAL: system('An unexpected internal error', 'Please report it with the output of the failing command.'),
} as const satisfies Record<string, ErrorDefinition>;

/** A stable error code from the catalogue. */
export type ErrorCode = keyof typeof errorCatalogue;

const brand = Symbol.for('autodevops.error');

/** The one error type autodevops reports to users. Recognised by brand, never by message text. */
export class AutodevopsError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly hint: string;
  /** Positioned problems, when the input has a source (a workflow file, a config file). */
  readonly diagnostics: readonly Diagnostic[];

  constructor(code: ErrorCode, message: string, options: { diagnostics?: Diagnostic[]; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AutodevopsError';
    this.code = code;
    this.category = errorCatalogue[code].category;
    this.hint = options.hint ?? errorCatalogue[code].hint;
    this.diagnostics = options.diagnostics ?? [];
  }

  /** Exit code by the CLI contract: 2 for bad input, 1 otherwise. */
  get exitCode(): 1 | 2 {
    return this.category === 'user-input' ? 2 : 1;
  }

  /** A JSON shape for APIs and `--json` output. */
  toJSON(): { code: ErrorCode; category: ErrorCategory; message: string; hint: string; diagnostics: readonly Diagnostic[] } {
    return { code: this.code, category: this.category, message: this.message, hint: this.hint, diagnostics: this.diagnostics };
  }
}

/** True for an AutodevopsError, across module copies. */
export function isAutodevopsError(e: unknown): e is AutodevopsError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[brand] === true;
}

/** `file:line:col: message`, the format editors and CI annotators understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.location.file}:${d.location.line}:${d.location.column}: ${d.message}`;
}
