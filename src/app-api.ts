/**
 * The programmatic API that the CLI (and later the server and MCP) drive. `src/app.ts` implements
 * it by wiring config → store → registries → engine. Types only, so thin shells can import it
 * without loading the engine.
 */
import type { Diagnostic, SourceLocation } from './core/errors.ts';
import type { LogChunk } from './core/events.ts';
import type { Conclusion, RunStatus } from './core/states.ts';
import type { EngineEvent, RunView } from './core/views.ts';
import type { TriggerDefinition } from './dsl/model.ts';

/** One trigger of a workflow's `on:` with its filters (branches, tags, paths, types, cron, inputs). */
export type WorkflowTrigger = TriggerDefinition;

/** Where and how the app keeps its state. */
export interface AppConfig {
  /** Directory of the SQLite store, key file and caches. Default `<cwd>/.autodevops`, or AUTODEVOPS_DATA_DIR. */
  dataDir?: string;
  /** Directory relative paths are resolved from. */
  cwd?: string;
  /** Jobs running at once per run (default: number of CPU cores, at least 2). */
  maxParallelJobs?: number;
  /** Environment used for defaults (AUTODEVOPS_*); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Where `uses: owner/repo@ref` actions come from. */
  actions?: ActionsConfig;
}

/** How remote actions are found (fetched with git, cached by commit in the data directory). */
export interface ActionsConfig {
  /** Git server holding `<owner>/<repo>`; default https://github.com. */
  server?: string;
  /** Use only actions already in the cache; a missing one fails its step with a clear message. */
  offline?: boolean;
  /** `owner/repo@ref` (or `owner/repo` for any ref) → a local directory used instead; relative to cwd. */
  overrides?: Record<string, string>;
}

/** Everything needed to start a run, as the CLI flags give it (act-compatible names). */
export interface RunRequest {
  /** Workflow file, or a directory holding workflows. */
  workflowPath: string;
  /** Event name; default `push`, or `workflow_dispatch` when that is the only trigger. */
  event?: string;
  /** JSON file with the event payload (`github.event`). */
  eventPath?: string;
  inputs?: Record<string, string>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  env?: Record<string, string>;
  /** Only these jobs (and the jobs they need). */
  jobs?: string[];
  /** Only matrix combinations with these values. */
  matrix?: Record<string, string>;
  /** Workspace directory (`github.workspace`); default cwd. */
  workdir?: string;
  /** Skip (with a warning) the jobs that cannot run on this machine instead of refusing the run. */
  skipUnsupported?: boolean;
  /** The event payload (`github.event`) as an object; wins over eventPath. */
  eventPayload?: Record<string, unknown>;
  /** `github.ref` and `github.sha`; default from the payload (`ref`, `after`), else the workspace's git checkout. */
  ref?: string;
  sha?: string;
  /** Who triggered the run (`github.actor`); default GITHUB_ACTOR or USER. */
  actor?: string;
  /** `github.run_number`; default one more than the runs of the same workflow file. */
  runNumber?: number;
  /** Directory the workflow file is named relative to (the repository root); default cwd. */
  repositoryRoot?: string;
}

/** What `autodevops do` is asked. */
export interface DoRequest {
  instruction: string;
  /** The git repository to change; default the working directory. */
  repo?: string;
  /** How to run its tests; default guessed from its files. */
  testCommand?: string;
  /** Fix attempts when the tests fail (default 3). */
  fixAttempts?: number;
  /** `owner/name#N`: read GitHub issue N as the instruction, and open a pull request that closes it. */
  issue?: string;
}

/** How an `autodevops do` run ended: exactly one of these. */
export type DoOutcome =
  | { kind: 'passing-branch'; branch: string; summary: string; testsRun: boolean; pullRequest?: string }
  | { kind: 'failing-branch'; branch: string; reason: string; evidence: string }
  | { kind: 'clarification'; question: string }
  | { kind: 'error'; reason: string }
  | { kind: 'unfinished'; reason: string };

/** A run being executed by this process. */
export interface RunHandle {
  runId: string;
  /** Resolves with the final view when the run completes, is left waiting, or needs a decision. */
  done: Promise<RunView>;
  /** Worth telling before the run's progress, e.g. jobs skipped because they cannot run here. */
  warnings?: string[];
}

/** A line of `autodevops list`. */
export interface RunListItem {
  id: string;
  workflowName: string;
  workflowFile: string;
  event: string;
  status: RunStatus;
  conclusion?: Conclusion;
  createdAt: number;
  updatedAt: number;
  /** Set when the process executing it died: `autodevops resume` continues it. */
  interrupted?: true;
}

/** A workflow file's name and triggers, as parsed. */
export interface WorkflowDescription {
  name: string;
  on: Record<string, WorkflowTrigger>;
}

/** An artifact of a run, with its files. */
export interface ArtifactInfo {
  name: string;
  /** Total bytes. */
  size: number;
  createdAt: number;
  /** sha256 over the files' paths and contents. */
  digest: string;
  files: Array<{ path: string; size: number }>;
}

/** Result of validating one file. */
export interface FileValidation {
  file: string;
  diagnostics: Diagnostic[];
}

/** How one step will run on this machine (`autodevops validate --compat`). */
export interface StepCompat {
  /** Position in the job, from 0. */
  index: number;
  /** The step's name, else its `uses:`, else the first line of its `run:`. */
  name: string;
  /** `undecided`: it depends on files that do not exist yet (a local action checked out by an earlier step). */
  verdict: 'local' | 'builtin' | 'unsupported' | 'undecided';
  /** What runs it, e.g. "replaced by the built-in actions/checkout". */
  detail: string;
  reason?: string;
  fix?: string;
  location: SourceLocation;
}

/** Where one instance of a job (one matrix combination, or the job itself) runs. */
export interface InstanceCompat {
  name: string;
  verdict: 'local' | 'skip' | 'unsupported';
  labels: string[];
  reason?: string;
  fix?: string;
}

/** How one job will run on this machine. */
export interface JobCompat {
  id: string;
  /**
   * `local`: everything runs here; `partial`: some matrix combinations cannot; `unsupported`: it
   * cannot run; `skip`: autodevops.yml skips it, or its `if:` is false (for the default event);
   * `undecided`: runs-on depends on the run
   * (needs outputs); `call`: a reusable-workflow call whose jobs (`calls`) can run, or are not
   * known before the run (a remote workflow).
   */
  verdict: 'local' | 'partial' | 'unsupported' | 'skip' | 'undecided' | 'call';
  /** `runs-on` as written (JSON for a list or mapping), or the called workflow. */
  runsOn: string;
  instances: InstanceCompat[];
  /** Problems of the job itself (container:, services:, an undecidable runs-on). */
  problems: Array<{ reason: string; fix?: string }>;
  steps: StepCompat[];
  /** The jobs of the local reusable workflow a `call` job runs (not for a remote one). */
  calls?: JobCompat[];
  location: SourceLocation;
}

/** The compatibility report of one workflow file. */
export interface FileCompat {
  file: string;
  /** Why the file is not a valid workflow (then `jobs` is empty and `runnable` false). */
  diagnostics: Diagnostic[];
  /** True when nothing in it is `unsupported` (skipped and undecided jobs do not count against it). */
  runnable: boolean;
  jobs: JobCompat[];
}

/** The programmatic API. Every method throws AutodevopsError for bad input. */
export interface App {
  readonly dataDir: string;
  validate(paths: string[]): Promise<FileValidation[]>;
  /** Per file, job and step: what runs here, what a built-in replaces, what cannot run and why. */
  compat(paths: string[]): Promise<FileCompat[]>;
  /** Validates, creates the run durably, and starts executing it in this process. */
  startRun(request: RunRequest): Promise<RunHandle>;
  /**
   * Starts `autodevops do`: the shipped plan → code → test → fix → review workflow on a repository.
   * Bad input (no git repository, no model provider configured) is thrown before any run exists.
   */
  startDo(request: DoRequest): Promise<RunHandle & { testCommand?: string }>;
  /** The one outcome of a finished `do` run (a passing branch, failing evidence, a question, or an error). */
  doOutcome(runId: string): Promise<DoOutcome>;
  /** Live events of one run (or all runs when runId is undefined); returns an unsubscribe function. */
  subscribe(runId: string | undefined, listener: (event: EngineEvent) => void): () => void;
  /** A run by id or unique prefix. */
  getRun(idOrPrefix: string): Promise<RunView>;
  /** Runs newest first; with `ids`, exactly those runs (in that order, unknown ones left out). */
  listRuns(query?: { status?: RunStatus[]; limit?: number; before?: string; ids?: string[] }): Promise<RunListItem[]>;
  readLogs(runId: string, query?: { step?: string; afterSeq?: number }): Promise<LogChunk[]>;
  /** Calls onChunk for existing and new log chunks until the run completes or the signal aborts. */
  followLogs(runId: string, query: { step?: string }, onChunk: (chunk: LogChunk) => void, signal?: AbortSignal): Promise<void>;
  cancel(runId: string, reason?: string): Promise<void>;
  /** A new run of the same workflow and trigger; with failedOnly, reuses successful jobs' results. */
  retry(runId: string, options?: { failedOnly?: boolean }): Promise<RunHandle>;
  /** Continues interrupted runs (all, or the given ones) in this process. */
  resume(runIds?: string[], options?: { decision?: 'retry' | 'skip' | 'fail' }): Promise<RunHandle[]>;
  /** Decides a pending approval; continues the run here if no live process owns it. */
  approve(runId: string, decision: { approve: boolean; by?: string; comment?: string }): Promise<RunHandle | undefined>;
  /** Sends a named signal to a run waiting for it. */
  signal(runId: string, name: string, payload?: unknown): Promise<RunHandle | undefined>;
  close(): Promise<void>;
}
