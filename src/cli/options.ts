/**
 * Every command and flag of `autodevops`, declared once as data. The parser (`parse-args.ts`),
 * the help text (`help.ts`) and docs/cli.md (`docs.ts`) are all derived from these tables, so a
 * flag cannot be documented without being parsed, or parsed without being documented.
 */

/** A positional argument of a command. */
export interface ArgumentDef {
  /** Placeholder shown in usage, e.g. `run` → `<run>`. */
  name: string;
  description: string;
  required: boolean;
  /** Takes every remaining positional. */
  variadic?: boolean;
}

/** One command. */
export interface CommandDef {
  summary: string;
  /** Longer explanation for `autodevops <cmd> --help` and docs/cli.md. */
  description?: string;
  args: readonly ArgumentDef[];
  examples: readonly string[];
}

const arg = (name: string, description: string, required = true, variadic = false): ArgumentDef => ({ name, description, required, variadic });
const runArg = arg('run', 'Run id, or a unique prefix of one (see `autodevops list`).');

/** The commands, in the order help lists them. */
export const commands = {
  run: {
    summary: 'Run a workflow locally and show its progress',
    description:
      'Validates the workflow, records the run durably and executes it in this process. The event is ' +
      '`--event NAME`, or a leading positional word that is not an existing path (act style: `autodevops run push`). ' +
      'Without a path, workflows are looked up in .github/workflows/. Ctrl-C cancels gracefully; a second Ctrl-C exits at once.',
    args: [arg('event', 'Event name, act style; only when it is not an existing path.', false), arg('file|dir', 'Workflow file, or a directory of workflows (default .github/workflows).', false)],
    examples: ['autodevops run', 'autodevops run push .github/workflows/ci.yml', 'autodevops run -j test --matrix node:22 --secret TOKEN', 'autodevops run --event workflow_dispatch --input env=staging'],
  },
  validate: {
    summary: 'Check workflow files and print every problem as file:line:col',
    description:
      'Besides GitHub\'s own checks, every `${{ }}` expression and `if:` is read by the engine\'s evaluator, so mistakes GitHub ' +
      'only reports when a step reaches them (an invalid `format()` string) are found here. ' +
      'Exits 2 when any file has an error, 0 when all are valid. With `--compat`, reports per file, job and step what runs on ' +
      'this machine, what a built-in replaces and what cannot run, with the reason; it exits 2 when something cannot run ' +
      '(or a file is invalid), 0 otherwise (jobs that autodevops.yml skips, or whose runs-on depends on the run, do not count).',
    args: [arg('file|dir', 'Workflow files or directories holding workflows.', true, true)],
    examples: ['autodevops validate .github/workflows', 'autodevops validate --compat .github/workflows', 'autodevops validate --compat --json ci.yml'],
  },
  list: {
    summary: 'List recent runs',
    args: [],
    examples: ['autodevops list --status running,waiting --limit 5'],
  },
  show: {
    summary: 'Show a run: jobs, steps, durations, outputs, annotations and what it waits for',
    args: [runArg],
    examples: ['autodevops show 01jdx3', 'autodevops show 01jdx3 --json'],
  },
  logs: {
    summary: 'Print the logs of a run, or follow them while it runs',
    args: [runArg],
    examples: ['autodevops logs 01jdx3 --step build/2', 'autodevops logs 01jdx3 -f'],
  },
  cancel: {
    summary: 'Cancel a run; running steps are stopped gracefully',
    args: [runArg],
    examples: ['autodevops cancel 01jdx3'],
  },
  retry: {
    summary: 'Start a new run of the same workflow and trigger',
    args: [runArg],
    examples: ['autodevops retry 01jdx3 --failed'],
  },
  resume: {
    summary: 'Continue interrupted runs (all of them, or the ones named) in this process',
    description: 'A run whose interrupted step is not safe to repeat needs `--decision`.',
    args: [arg('run', 'Run ids or prefixes; all interrupted runs when omitted.', false, true)],
    examples: ['autodevops resume', 'autodevops resume 01jdx3 --decision skip'],
  },
  approve: {
    summary: 'Approve (or reject) a run waiting for approval',
    args: [runArg],
    examples: ['autodevops approve 01jdx3 --comment "looks good"', 'autodevops approve 01jdx3 --reject --as alice'],
  },
  signal: {
    summary: 'Send a named signal to a run waiting for it',
    args: [runArg, arg('name', 'Signal name the run waits for.')],
    examples: ['autodevops signal 01jdx3 deployed --payload \'{"version":"1.2.3"}\''],
  },
  actions: {
    summary: 'List the built-in actions that replace common GitHub actions offline',
    description:
      'Steps that use one of these (any ref, e.g. `actions/checkout@v4`) run autodevops\' own offline implementation. ' +
      'Disable one in autodevops.yml with `builtins: { disable: [actions/cache] }`; a step registered through the API under the same name replaces it.',
    args: [],
    examples: ['autodevops actions', 'autodevops actions --json'],
  },
  do: {
    summary: 'Turn an instruction into a tested change on a new branch (plan → code → test → fix → review)',
    description:
      'Runs the shipped workflow examples/do.yml on a git repository as a durable run: a model plans the work as tasks, ' +
      'implements them in an isolated worktree on a branch autodevops/<slug> (one commit per task), runs the tests, ' +
      'fixes failures and reviews the change. It ends in exactly one outcome: a branch whose tests pass, a branch with the ' +
      'failing evidence, a clarification question, or an error saying why. Kill it at any point and `autodevops resume` ' +
      'continues without repeating finished model calls. Needs a model provider (see docs/ai-steps.md); agent commands run under bubblewrap.',
    args: [arg('instruction', 'What to change, in plain words (quote it); with --issue, what to add to the issue.', false, true)],
    examples: ['autodevops do "add a --verbose flag to the CLI"', 'autodevops do "fix the failing date test" --repo ../app --test-command "npm test"'],
  },
  serve: {
    summary: 'Serve the HTTP API (OpenAPI at /openapi.json, events over SSE) on the embedded store',
    description:
      'One process runs the engine and the API. Every route except /healthz needs `Authorization: Bearer <token>` ' +
      '(see `autodevops token`). SIGTERM or Ctrl-C stops accepting requests, releases the runs in progress for resume and exits 0.',
    args: [],
    examples: ['autodevops serve --port 8080', 'autodevops serve --host 0.0.0.0 --port 0 --json'],
  },
  token: {
    summary: 'Create, list or revoke API tokens of the server',
    description:
      'Each token belongs to one project (created on its first token) with one role: viewer (reads), operator (also dispatches, ' +
      'cancels, approves, retries), admin (also workflows, variables, secrets, tokens, webhook secrets). `--project \'*\'` makes a ' +
      'server-wide token: its role on every project, and (admin) creating projects. A token is shown once, when created; only its ' +
      'SHA-256 is stored (in <data-dir>/server.db).',
    args: [arg('action', 'create, list or revoke.'), arg('id', 'Token id (or a unique prefix), for revoke.', false)],
    examples: ['autodevops token create --project web --name ci --role operator --expires-in 90d', 'autodevops token create --project \'*\' --name root --role admin', 'autodevops token list --project web', 'autodevops token revoke 3f2a'],
  },
  secrets: {
    summary: 'Manage the key that project secrets are sealed with',
    description:
      '`rotate-key` seals every project and webhook secret again with a new key, in one transaction. With the key file ' +
      '(<data-dir>/secrets.key) the new key replaces it; with AUTODEVOPS_SECRETS_KEY, the new key comes from ' +
      'AUTODEVOPS_SECRETS_NEW_KEY and the server must be restarted with it. See docs/server.md.',
    args: [arg('action', 'rotate-key.')],
    examples: ['autodevops secrets rotate-key'],
  },
  audit: {
    summary: 'Verify or list the server\'s hash-chained audit log',
    description:
      'Every state-changing API call, approval and failed login is recorded in <data-dir>/server.db, each entry chained to the one before by ' +
      'SHA-256. `verify` recomputes the chain and exits 1 naming the first entry that was edited, deleted or reordered; `list` prints the entries.',
    args: [arg('action', 'verify or list.')],
    examples: ['autodevops audit verify', 'autodevops audit list --json'],
  },
  help: {
    summary: 'Show help for autodevops or one command',
    args: [arg('command', 'Command to explain.', false)],
    examples: ['autodevops help run'],
  },
} as const satisfies Record<string, CommandDef>;

/** A command name. */
export type CommandName = keyof typeof commands;

/** How a flag's value is read. */
export type OptionType = 'string' | 'boolean' | 'number' | 'list' | 'key-value';

/** One flag. */
export interface OptionDef {
  type: OptionType;
  description: string;
  /** One-letter alias, e.g. `j` for `-j`. */
  short?: string;
  /** Placeholder for the value in help, e.g. `name=value`. */
  argument?: string;
  /** Shown in help; applied by the command, not the parser. */
  default?: string | number | boolean;
  /** Accepted values (for `list`, each element). */
  choices?: readonly string[];
  /** `key-value`: what separates key and value (default `=`). */
  separator?: '=' | ':';
  /** `key-value`: a bare `KEY` takes its value from the environment (act's `-s NAME`). */
  bareFromEnv?: boolean;
  /** Commands that accept it, or `global` for all. */
  commands: readonly CommandName[] | 'global';
}

/** Every flag, global ones first. `list` flags repeat and also split on commas. */
export const options = {
  'data-dir': { type: 'string', argument: 'dir', description: 'Where runs are stored (default .autodevops, or $AUTODEVOPS_DATA_DIR).', commands: 'global' },
  json: { type: 'boolean', description: 'Machine-readable output: JSON, one object per line for live runs.', commands: 'global' },
  'no-color': { type: 'boolean', description: 'Plain text without colours (also NO_COLOR=1, or when output is not a terminal).', commands: 'global' },
  help: { type: 'boolean', short: 'h', description: 'Show help.', commands: 'global' },
  version: { type: 'boolean', description: 'Print the version.', commands: 'global' },
  event: { type: 'string', short: 'e', argument: 'name', description: 'Event that triggers the run (default push, or workflow_dispatch when it is the only trigger).', commands: ['run'] },
  'event-path': { type: 'string', argument: 'file', description: 'JSON file with the event payload (github.event).', commands: ['run'] },
  job: { type: 'list', short: 'j', argument: 'id', description: 'Run only this job and the jobs it needs; repeatable.', commands: ['run'] },
  input: { type: 'key-value', argument: 'name=value', description: 'A workflow_dispatch input; repeatable.', commands: ['run'] },
  secret: { type: 'key-value', short: 's', argument: 'NAME=value', bareFromEnv: true, description: 'A secret; `-s NAME` alone reads NAME from the environment; repeatable.', commands: ['run'] },
  'secret-file': { type: 'string', argument: 'file', description: 'Secrets from a dotenv file (KEY=value lines); --secret wins over it.', commands: ['run'] },
  var: { type: 'key-value', argument: 'name=value', description: 'A configuration variable (vars context); repeatable.', commands: ['run'] },
  'var-file': { type: 'string', argument: 'file', description: 'Variables from a dotenv file; --var wins over it.', commands: ['run'] },
  env: { type: 'key-value', argument: 'name=value', description: 'An environment variable above the workflow env; repeatable.', commands: ['run'] },
  'env-file': { type: 'string', argument: 'file', description: 'Environment variables from a dotenv file; --env wins over it.', commands: ['run'] },
  matrix: { type: 'key-value', separator: ':', argument: 'key:value', description: 'Run only matrix combinations with this value; repeatable.', commands: ['run'] },
  workdir: { type: 'string', short: 'C', argument: 'dir', description: 'Workspace directory the steps run in (default: current directory).', commands: ['run'] },
  'skip-unsupported': { type: 'boolean', description: 'Skip, with a warning, the jobs that cannot run on this machine (runs-on labels mapped to nowhere, Windows or macOS jobs, container:, services:, Docker actions) instead of refusing the run.', commands: ['run'] },
  compat: { type: 'boolean', description: 'Report what runs on this machine, what a built-in replaces and what cannot run, per job and step.', commands: ['validate'] },
  'action-offline': { type: 'boolean', description: 'Use only actions already fetched into the data directory; never contact the git server.', commands: ['run', 'retry', 'resume', 'approve', 'signal'] },
  'action-override': { type: 'key-value', argument: 'owner/repo@ref=dir', description: 'Use a local directory instead of fetching this action (`owner/repo` alone: any ref); repeatable.', commands: ['run', 'retry', 'resume', 'approve', 'signal'] },
  'action-server': { type: 'string', argument: 'url', default: 'https://github.com', description: 'Git server that remote actions (`uses: owner/repo@ref`) are fetched from.', commands: ['run', 'retry', 'resume', 'approve', 'signal'] },
  status: { type: 'list', argument: 'status', choices: ['queued', 'running', 'waiting', 'needs-decision', 'completed'], description: 'Only runs with this status; repeatable or comma-separated.', commands: ['list'] },
  limit: { type: 'number', argument: 'n', default: 20, description: 'At most this many runs.', commands: ['list'] },
  follow: { type: 'boolean', short: 'f', description: 'Keep printing new lines until the run ends.', commands: ['logs'] },
  step: { type: 'string', argument: 'key', description: 'Only this step, as <job>/<index> (e.g. build/2), or a whole job.', commands: ['logs'] },
  failed: { type: 'boolean', description: 'Rerun only failed jobs, reusing the results of successful ones.', commands: ['retry'] },
  decision: { type: 'string', argument: 'action', choices: ['retry', 'skip', 'fail'], description: 'What to do with an interrupted step that is not safe to repeat.', commands: ['resume'] },
  reject: { type: 'boolean', description: 'Reject instead of approve.', commands: ['approve'] },
  comment: { type: 'string', argument: 'text', description: 'A comment recorded with the decision.', commands: ['approve'] },
  as: { type: 'string', argument: 'name', description: 'Who decides (checked against the approvers).', commands: ['approve'] },
  repo: { type: 'string', argument: 'dir', description: 'The git repository to change (default: current directory).', commands: ['do'] },
  'test-command': { type: 'string', argument: 'command', description: 'How to run the repository\'s tests (default: guessed from package.json, Makefile, go.mod, Cargo.toml or Python tests).', commands: ['do'] },
  issue: { type: 'string', argument: 'owner/name#n', description: 'Work on this GitHub issue (its title and body are the instruction) and open a pull request that closes it; needs GITHUB_TOKEN.', commands: ['do'] },
  'fix-attempts': { type: 'number', argument: 'n', default: 3, description: 'How many times failing tests may be patched and re-run.', commands: ['do'] },
  'max-body-bytes': { type: 'number', argument: 'n', default: 1048576, description: 'Largest request body accepted (webhook routes accept up to 25 MiB).', commands: ['serve'] },
  port: { type: 'string', argument: 'n', default: '7070', description: 'TCP port to listen on; 0 picks a free one (printed).', commands: ['serve'] },
  host: { type: 'string', argument: 'address', default: '127.0.0.1', description: 'Address to listen on; 0.0.0.0 for every interface.', commands: ['serve'] },
  name: { type: 'string', argument: 'name', description: 'Name of the token (shown in the API\'s records, e.g. as approver).', commands: ['token'] },
  role: { type: 'string', argument: 'role', choices: ['viewer', 'operator', 'admin'], default: 'viewer', description: 'What the token may do in its project.', commands: ['token'] },
  project: { type: 'string', argument: 'name', description: 'The token\'s project (created if new), or * for a server-wide token; with list, only this project\'s tokens.', commands: ['token'] },
  'expires-in': { type: 'string', argument: 'duration', description: 'Expiry as a duration from now: 30m, 12h, 90d; default never.', commands: ['token'] },
  expires: { type: 'string', argument: 'when', description: 'Expiry: a duration from now (30m, 12h, 90d) or an ISO date; default never.', commands: ['token'] },
  payload: { type: 'string', argument: 'json', description: 'JSON payload delivered with the signal.', commands: ['signal'] },
} as const satisfies Record<string, OptionDef>;

/** A flag's long name. */
export type OptionName = keyof typeof options;

type ValueOf<T extends OptionType> = T extends 'boolean' ? boolean : T extends 'number' ? number : T extends 'list' ? string[] : T extends 'key-value' ? Record<string, string> : string;

/** Parsed flags, by long name. */
export type Flags = { -readonly [K in OptionName]?: ValueOf<(typeof options)[K]['type']> };

/** The flags a command accepts, global ones first. */
export function optionsOf(command: CommandName | undefined): Array<[OptionName, OptionDef]> {
  const all = Object.entries(options) as Array<[OptionName, OptionDef]>;
  return all.filter(([, def]) => def.commands === 'global' || (command !== undefined && def.commands.includes(command)));
}

/** True when `name` is a command. */
export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
