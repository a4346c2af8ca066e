/**
 * The StepExecutor port: one small interface per step kind (`run:`, approval, wait, custom
 * functions, later actions and AI steps). The engine evaluates expressions before calling it, so an
 * executor receives plain values.
 */
import type { AiAnnouncement } from '../../core/ai-calls.ts';
import type { Annotation, UsageTotals, WaitResult } from '../../core/events.ts';
import type { Clock } from '../../core/clock.ts';

/** A step with every expression already evaluated. */
export interface ResolvedStep {
  /** The step's id (`id:` or `__<index>`). */
  id: string;
  name: string;
  run?: string;
  /** Action reference as written, e.g. `autodevops/approval@v1`. */
  uses?: string;
  /** Shell as written (`bash`, `python`, `custom {0}`), or undefined for the default. */
  shell?: string;
  /** Absolute working directory. */
  workingDirectory: string;
  with: Record<string, unknown>;
  /** Step timeout, when set. */
  timeoutMs?: number;
}

/** Durable primitives: memoised in the run's history, so a step re-run after a crash resumes its wait. */
export interface DurableContext {
  /** Waits until the given time (ms epoch). */
  sleepUntil(at: number, key?: string): Promise<void>;
  /** Waits for a named signal sent to the run; `timeout` when `until` passes first. */
  waitForSignal(name: string, options?: { until?: number; key?: string }): Promise<WaitResult>;
  /** Waits for a person's decision. */
  requestApproval(request: { approvers: string[]; message?: string; until?: number; key?: string }): Promise<WaitResult>;
  /**
   * Runs `compute` once and stores its JSON result durably in the history under `name` (unique within
   * the step). A re-run of the step after a crash gets the stored value without computing it again;
   * a deliberate retry of a failed step computes afresh.
   */
  record<T>(name: string, compute: () => Promise<T>): Promise<T>;
}

/** Everything an executor may use. */
export interface StepContext {
  runId: string;
  jobKey: string;
  /** `<jobKey>/<index>`. */
  stepKey: string;
  attempt: number;
  step: ResolvedStep;
  /** Full environment for processes: runner variables, workflow/job/step env, GITHUB_* files' env. */
  env: Record<string, string>;
  /** Directories prepended to PATH (from `$GITHUB_PATH`), first wins. */
  path: string[];
  /** State saved by this step's earlier phase (`$GITHUB_STATE`), for post steps. */
  state: Record<string, string>;
  /** Read-only expression contexts (`github`, `runner`, `job`, …) for steps that need them. */
  contexts: Readonly<Record<string, unknown>>;
  /** Aborted on cancellation or timeout; the reason says which. */
  signal: AbortSignal;
  /** Writes log text; secrets and masked values are removed before it is stored. */
  log(stream: 'stdout' | 'stderr' | 'system', text: string): void;
  /** Registers a value to mask from now on (`::add-mask::`). */
  addMask(value: string): void;
  /** Masks every secret and registered value in `text` (for texts leaving the step, e.g. prompts to a model). */
  mask(text: string): string;
  /**
   * Announces a finished model or tool call (texts already masked) to traces, metrics and logs; a
   * model call's tokens and cost are also added durably to the step's usage.
   */
  announce(event: AiAnnouncement): void;
  /** Tokens and cost of every model call of the run so far (for run-wide budgets). */
  runUsage(): UsageTotals;
  /** When the run started (ms epoch), for run-wide time budgets. */
  runStartedAt(): number;
  /** Directory for this step's scratch files; removed when the job ends. */
  tempDir: string;
  /**
   * A path for one scratch file of this step attempt (its script, its environment files), unique to
   * the attempt, in the job's temp directory (`RUNNER_TEMP`, which exists); removed when the run ends.
   * Cheaper than `tempDir` for a few files: no directory is made per step.
   */
  scratchFile(name: string): string;
  clock: Clock;
  durable: DurableContext;
  /** The data directory (caches, artifacts, fetched actions live under it). */
  dataDir: string;
  /** Evaluates templates (`${{ }}`) anywhere inside `value` with this step's contexts plus `extra` (e.g. composite `inputs`). */
  evaluate(value: unknown, extra?: Record<string, unknown>): unknown;
  /** Evaluates an `if:` condition with this step's contexts plus `extra`, given the status so far. */
  evaluateCondition(condition: string, extra: Record<string, unknown> | undefined, status: { failed: boolean; cancelled: boolean }): boolean;
}

/** What a step produced. A thrown error means failure (see core/failure.ts for kinds). */
export interface StepResult {
  outcome: 'success' | 'failure';
  outputs?: Record<string, string>;
  /** Variables for later steps (`$GITHUB_ENV`). */
  env?: Record<string, string>;
  /** PATH additions for later steps (`$GITHUB_PATH`). */
  path?: string[];
  /** `$GITHUB_STATE` values. */
  state?: Record<string, string>;
  /** Markdown for the job summary (`$GITHUB_STEP_SUMMARY`). */
  summary?: string;
  annotations?: Annotation[];
  /** Why it failed, for the run summary. */
  error?: string;
  /** Exit code of the main process, when there was one. */
  exitCode?: number;
  /** Asks for the executor's post phase at the end of the job; `if` defaults to `always()`. */
  post?: { name: string; if?: string };
}

/** One step kind. */
export interface StepExecutor {
  /** False when running the step twice would do harm; an interrupted attempt then waits for a person. */
  readonly repeatSafe?: boolean;
  execute(ctx: StepContext): Promise<StepResult>;
  /**
   * A post phase (JavaScript actions' `runs.post`): when the main phase returns `post` in its result,
   * the engine runs this after the job's last step, in reverse order of registration, with the state
   * the main phase saved (`ctx.state`).
   */
  post?(ctx: StepContext): Promise<StepResult>;
  /**
   * A pre phase (JavaScript actions' `runs.pre`), run at the start of the job before any main step,
   * in step order, when `hasPre` says so for the step (it may fetch the action to know).
   */
  pre?(ctx: StepContext): Promise<StepResult>;
  /** Whether this step has a pre phase and its `pre-if` condition (default `always()`). */
  hasPre?(step: { uses?: string; with: Record<string, unknown> }, workspace: string): Promise<{ if: string } | undefined>;
}

/** Picks the executor for a step; undefined when none handles it. */
export interface StepRegistry {
  resolve(step: { run?: string; uses?: string }): StepExecutor | undefined;
}
