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
const thirdParty = (title: string, hint: string): ErrorDefinition => ({ category: 'third-party', title, hint });

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
  ADO_PROJECT_NOT_FOUND: userInput('No project has this name, or the token belongs to another project', 'List the projects your token can see with GET /v1/projects.'),
  ADO_NOT_FOUND: userInput('No resource of this kind has this id in the project', 'List the resources of the project to find the id.'),
  ADO_CONFLICT: userInput('A resource with this name already exists', 'Choose another name, or update the existing resource.'),
  ADO_BODY_TOO_LARGE: userInput('The request body is larger than the server accepts', 'Send a smaller body; the limit is set with --max-body-bytes (default 1 MiB).'),
  ADO_RATE_LIMITED: userInput('Too many requests from this token or address', 'Wait for the number of seconds in the Retry-After header, then retry.'),
  ADO_WEBHOOK_SIGNATURE: userInput('A webhook delivery is unsigned or its signature does not match', 'Configure the same webhook secret on the forge and in the project (see docs/server.md).'),
  ADO_WEBHOOK_REPLAYED: userInput('A webhook delivery with this id was already received', 'Nothing to do: each delivery is acted on once.'),
  ADO_AUDIT_BROKEN: system('The audit log\'s hash chain does not verify: an entry was edited or deleted', 'Restore the server database from a backup and investigate who changed it; the message names the first bad entry.'),
  ADO_AI_NOT_CONFIGURED: userInput('An AI step has no model provider configured', 'Set the variables named in the message (for example OPENAI_API_KEY and AUTODEVOPS_AI_MODEL), or an `ai:` section in autodevops.yml.'),
  ADO_AI_AUTH: thirdParty('The model provider refused the credentials', 'Check the API key named in the message; it may be wrong, expired or without access to this model.'),
  ADO_AI_PROVIDER: thirdParty('The model provider kept failing (rate limit, server error or timeout) after retries', 'Try again later, raise the retry limit, or choose another provider or model.'),
  ADO_AI_OUTPUT_INVALID: thirdParty('The model kept returning output that does not match the expected shape', 'Try a stronger model, or simplify the instruction.'),
  ADO_SANDBOX_UNAVAILABLE: system('The command sandbox (bubblewrap) cannot start', 'Install bubblewrap (`apt-get install bubblewrap`) and allow unprivileged user namespaces, or set `ai: { sandbox: none, allow-unsandboxed: true }` in autodevops.yml to run agent commands unsandboxed knowingly.'),
  ADO_FORGE_AUTH: thirdParty('The forge refused the credentials', 'Check the token or GitHub App settings named in the message, and its scopes.'),
  ADO_FORGE_NOT_FOUND: thirdParty('The forge has no such repository, issue or pull request, or the token cannot see it', 'Check the owner/name and number, and that the token has access to the repository.'),
  ADO_FORGE_REFUSED: thirdParty('The forge refused the change (protected branch, validation failure, or conflict)', 'Read the forge\'s message shown; push to another branch or fix the request.'),
  ADO_FORGE_RATE_LIMITED: thirdParty('The forge rate limit is exhausted', 'Wait until the reset time shown, or use a GitHub App installation for a higher limit.'),
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
