/**
 * The durable engine: creates runs, executes them, takes commands (cancel, approve, signal,
 * decide) and recovers runs whose process died. State lives in the Store as an append-only
 * history per run; this class only ever acts on what is already durable.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { systemClock, type Clock } from '../core/clock.ts';
import { AutodevopsError } from '../core/errors.ts';
import type { ModelCall } from '../core/ai-calls.ts';
import type { HistoryEvent, NewHistoryEvent, RunOptions, Trigger, WaitResult } from '../core/events.ts';
import { StepFailure } from '../core/failure.ts';
import { randomIds, type IdSource } from '../core/ids.ts';
import type { EngineEvent, RunView } from '../core/views.ts';
import type { Conclusion, RunStatus } from '../core/states.ts';
import { parseWorkflowText } from '../dsl/index.ts';
import type { WorkflowDefinition } from '../dsl/model.ts';
import { CommitQueue } from './commit-queue.ts';
import { githubContext, hostEnv, runnerContext, runnerPaths } from './contexts.ts';
import { durableContext } from './durable.ts';
import { environmentGate, type Environments } from './environment-gate.ts';
import { evalTemplate, toBoolean, toText } from './expr.ts';
import { prepareJob } from './job-preparation.ts';
import { acquireSlot } from './slot-acquisition.ts';
import { launchStep, type LaunchDeps } from './step-launch.ts';
import type { Sealer } from './ports/sealer.ts';
import type { StepRegistry } from './ports/step.ts';
import type { Owner, RunCommand, Store } from './ports/store.ts';
import { RunExecution } from './run-execution.ts';
import { replay, initialState } from './run-state.ts';
import { runView } from './run-view.ts';
import { advanceRun } from './scheduler.ts';
import { applyCommand, validateCommand } from './commands.ts';
import { selectJobs } from './job-selection.ts';
import { admitRun } from './concurrency.ts';
import { isOrphan, markInterrupted } from './recovery.ts';
import { reusedEvents } from './reuse.ts';
import { callWorkflow, type WorkflowLoader } from './reusable-workflow.ts';
import { loadLocalWorkflow } from './local-workflow-loader.ts';

/** How the engine is wired; only `store`, `registry`, `sealer` and `dataDir` are required. */
export interface EngineOptions {
  store: Store;
  registry: StepRegistry;
  sealer: Sealer;
  dataDir: string;
  clock?: Clock;
  ids?: IdSource;
  random?: () => number;
  environments?: Environments;
  /** Reads called (reusable) workflows; default: local `./` paths in the workspace only. */
  loadWorkflow?: WorkflowLoader;
  /** How long a lease lasts without renewal (default 30 s). */
  leaseMs?: number;
  /** How often commands from other processes are looked for (default 200 ms). */
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** What a new run is made of. */
export interface CreateRunInput {
  source: { file: string; text: string };
  workflow: WorkflowDefinition;
  trigger: Trigger;
  options: RunOptions;
  secrets: Record<string, string>;
}

/** Parsed workflows kept for runs to come (each run in progress holds its own). */
const workflowCacheSize = 64;

/** The engine. One per process; several processes may share a store. */
export class Engine {
  readonly owner: Owner;
  readonly #o: Required<Pick<EngineOptions, 'clock' | 'ids' | 'random' | 'leaseMs' | 'pollMs'>> & EngineOptions;
  readonly #commits: CommitQueue;
  readonly #runs = new Map<string, RunExecution & { pumping?: boolean; again?: boolean; done?: Array<(v: RunView) => void> }>();
  readonly #listeners = new Set<(e: EngineEvent) => void>();
  /** Parsed workflows by content hash, the most recent `workflowCacheSize` (a long-lived server sees ever new texts). */
  readonly #workflows = new Map<string, WorkflowDefinition>();
  readonly #deps: LaunchDeps;
  /** The process environment runs see (GitHub's URLs come from it). */
  readonly #host: NodeJS.ProcessEnv;
  #poller: ReturnType<typeof setInterval> | undefined;
  #leaseTimer: ReturnType<typeof setInterval> | undefined;
  #logTimer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: EngineOptions) {
    this.#o = { clock: systemClock, ids: randomIds, random: Math.random, leaseMs: 30_000, pollMs: 200, ...options };
    this.owner = { id: `${hostname()}:${process.pid}:${this.#o.ids.runId(this.#o.clock.now())}`, pid: process.pid, host: hostname() };
    this.#commits = new CommitQueue(options.store);
    const paths = runnerPaths(options.dataDir);
    this.#host = options.env ?? process.env;
    this.#deps = {
      clock: this.#o.clock, random: this.#o.random, registry: options.registry, runner: runnerContext(paths),
      // The run's part is built once; each job's context only differs in `github.job`.
      github: (x, jobId) => x.memo(`github:${jobId}`, () => ({ ...x.memo('github', () => githubContext(x.state, x.workflow, undefined, this.#host)), job: jobId })),
      selectedJobs: (x) => selectJobs(x.workflow, x.state.options.jobs),
      environmentGate: (x, job, def) => environmentGate(x, job, def, this.#o.environments ?? {}, this.#deps),
      unseal: (s) => options.sealer.unseal(s), seal: (v) => options.sealer.seal(v),
      hostEnv: hostEnv(this.#host), tempRoot: paths.temp, dataDir: options.dataDir,
      persistMasks: (x) => this.#persistSecrets(x),
      durable: (x, stepKey) => durableContext(x, stepKey, x.state.jobs.get(stepKey.slice(0, stepKey.lastIndexOf('/')))?.attempt ?? 1, {
        flush: (run) => this.#flush(run), completeWait: (run, key, result) => this.#completeWait(run, key, result),
      }),
      pump: (x) => void this.#pump(x),
      announce: (x, stepKey, event) => {
        if (event.kind === 'model-call') x.emit(usageEvent(stepKey, event.call));
        this.#emit({ ...event, runId: x.id } as EngineEvent);
        void this.#pump(x);
      },
    };
  }

  /** Subscribes to events, delivered after they are durable. Returns an unsubscribe function. */
  on(listener: (e: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The parsed workflow of a source text (cached by content hash). */
  async workflowOf(source: { file: string; text: string }): Promise<WorkflowDefinition> {
    const sha = sha256(source.text);
    let wf = this.#workflows.get(sha);
    if (!wf) {
      wf = await parseWorkflowText(source.file, source.text);
      this.#remember(sha, wf);
    }
    return wf;
  }

  #remember(sha: string, wf: WorkflowDefinition): void {
    this.#workflows.delete(sha);
    this.#workflows.set(sha, wf);
    if (this.#workflows.size > workflowCacheSize) this.#workflows.delete(this.#workflows.keys().next().value!);
  }

  /** The secrets a run was given (for `retry`). */
  async secretsOf(runId: string): Promise<Record<string, string>> {
    const sealed = await this.#o.store.getSecrets(runId);
    return sealed ? (this.#o.sealer.unseal(sealed) as { secrets: Record<string, string> }).secrets : {};
  }

  /**
   * Creates a run durably (nothing is executed yet) and returns its id. With `reuseFrom`, the jobs
   * that succeeded in that run are carried over with their results (`retry --failed`); `id` and
   * `parent` are for child runs of reusable workflows.
   */
  async createRun(input: CreateRunInput, more: { reuseFrom?: string; id?: string; parent?: { runId: string; jobKey: string; depth: number } } = {}): Promise<string> {
    const { reuseFrom } = more;
    // Bad options are rejected before anything is stored.
    selectJobs(input.workflow, input.options.jobs);
    const now = this.#o.clock.now();
    const id = more.id ?? this.#o.ids.runId(now);
    this.#remember(sha256(input.source.text), input.workflow);
    const concurrency = this.#concurrencyOf(input);
    const created: HistoryEvent = {
      type: 'run.created', seq: 1, at: now, trigger: input.trigger, options: input.options,
      workflowSource: { file: input.source.file, sha256: sha256(input.source.text), text: input.source.text }, ...concurrency,
      ...(more.parent ? { parent: more.parent } : {}),
    };
    // Created owned by this process: executing it here needs no separate claim (one commit fewer).
    const summary = {
      id, workflowName: input.workflow.name, workflowFile: input.source.file, event: input.trigger.event, status: 'queued' as const,
      createdAt: now, updatedAt: now, concurrencyGroup: concurrency.concurrencyGroup, owner: this.owner, leaseUntil: now + this.#o.leaseMs,
    };
    const previous = reuseFrom === undefined ? [] : await this.#o.store.history(reuseFrom);
    const events = [created, ...(reuseFrom === undefined ? [] : reusedEvents(replay(reuseFrom, previous), previous))];
    const sealedSecrets = Object.keys(input.secrets).length > 0 ? this.#o.sealer.seal({ secrets: input.secrets, masks: [] }) : undefined;
    // Creation joins the group commit: runs started together cost one fsync.
    await this.#commits.append({ runId: id, events, create: { summary, sealedSecrets } });
    const x = new RunExecution(replay(id, events), input.workflow, this.#o.clock, 0);
    x.secrets = input.secrets;
    for (const v of Object.values(input.secrets)) x.masker.add(v);
    this.#runs.set(id, x);
    return id;
  }

  #concurrencyOf(input: CreateRunInput): { concurrencyGroup?: string; cancelInProgress?: boolean } {
    const c = input.workflow.concurrency;
    if (!c) return {};
    const state = initialState('pending', { type: 'run.created', seq: 1, at: 0, trigger: input.trigger, options: input.options, workflowSource: { file: input.source.file, sha256: '', text: '' } });
    const ctx = { github: githubContext(state, input.workflow, undefined, this.#host), inputs: input.trigger.inputs, vars: input.options.vars };
    const group = toText(evalTemplate(c.group, ctx));
    const cancelInProgress = typeof c.cancelInProgress === 'boolean' ? c.cancelInProgress : toBoolean(evalTemplate(`\${{ ${c.cancelInProgress} }}`, ctx));
    return { concurrencyGroup: group, cancelInProgress };
  }

  /** Executes a run in this process until it completes or needs a person; resolves with its view. */
  async execute(runId: string): Promise<RunView> {
    const x = this.#runs.get(runId) ?? (await this.#adopt(runId));
    const done = new Promise<RunView>((resolve) => (x.done ??= []).push(resolve));
    this.#startTimers();
    // Commands given while no process owned the run (a decision, an approval) apply first.
    await this.#takeCommands([x]);
    if (x.state.status === 'queued') void this.#admit(x);
    else void this.#pump(x);
    return done;
  }

  /** Claims a run from the store (or confirms it is ours) and rebuilds its execution state. */
  async #adopt(runId: string): Promise<RunExecution & { done?: Array<(v: RunView) => void> }> {
    const summary = await this.#o.store.getRun(runId);
    if (!summary) throw new AutodevopsError('ADO_RUN_NOT_FOUND', `no run ${runId}`);
    if (summary.owner && summary.owner.id !== this.owner.id && !isOrphan(summary, this.owner, this.#o.clock.now())) {
      throw new AutodevopsError('ADO_RUN_STATE', `run ${runId} is being executed by process ${summary.owner.pid} on ${summary.owner.host}`, { hint: 'Wait for it, or cancel it with `autodevops cancel`.' });
    }
    if (summary.owner?.id !== this.owner.id) {
      const claimed = await this.#o.store.claimRun(runId, this.owner, summary.owner?.id ?? null, this.#o.clock.now() + this.#o.leaseMs);
      if (!claimed) throw new AutodevopsError('ADO_RUN_STATE', `run ${runId} was just taken by another process`);
    }
    const history = await this.#o.store.history(runId);
    const state = replay(runId, history);
    const workflow = await this.workflowOf(state.source);
    const logs = await this.#o.store.readLogs(runId);
    const x = new RunExecution(state, workflow, this.#o.clock, logs.at(-1)?.seq ?? 0);
    await this.#loadSecrets(x);
    markInterrupted(x);
    this.#runs.set(runId, x);
    return x;
  }

  async #loadSecrets(x: RunExecution): Promise<void> {
    const sealed = await this.#o.store.getSecrets(x.id);
    if (!sealed) return;
    const { secrets, masks } = this.#o.sealer.unseal(sealed) as { secrets: Record<string, string>; masks: string[] };
    x.secrets = secrets;
    for (const v of [...Object.values(secrets), ...masks]) x.masker.add(v);
  }

  async #persistSecrets(x: RunExecution): Promise<void> {
    const secretValues = new Set(Object.values(x.secrets));
    const masks = x.masker.values().filter((v) => !secretValues.has(v));
    await this.#o.store.putSecrets(x.id, this.#o.sealer.seal({ secrets: x.secrets, masks }));
  }

  async #admit(x: RunExecution): Promise<void> {
    const started = await admitRun(x, this.#o.store, this.#o.clock, this.#o.pollMs, () => this.#takeCommands([x]), () => this.#closed);
    if (started === 'started') x.emit({ type: 'run.started', concurrencyGroup: x.state.concurrencyGroup });
    if (started === 'cancelled') x.emit({ type: 'run.completed', conclusion: 'cancelled' });
    await this.#pump(x);
  }

  /** Decides, commits, then acts — until nothing changes. */
  async #pump(x: RunExecution & { pumping?: boolean; again?: boolean }): Promise<void> {
    if (x.detached) return;
    if (x.pumping) {
      x.again = true;
      return;
    }
    x.pumping = true;
    try {
      do {
        x.again = false;
        if (x.state.status !== 'queued') advanceRun(x, this.#deps);
        await this.#flush(x);
      } while (x.again && !x.detached);
    } catch (error) {
      this.#fatal(x, error);
    } finally {
      x.pumping = false;
    }
    if (x.state.status === 'completed' || x.state.needsDecision) await this.#finish(x);
  }

  /** Commits the run's pending events (with its logs), notifies listeners, performs effects. */
  async #flush(x: RunExecution): Promise<void> {
    // Commands can be taken without new events (an approval for a wait that already ended): still record it.
    if (x.pending.length === 0 && x.takenCommands.length === 0) return;
    const events = x.pending;
    const effects = x.effects;
    const taken = x.takenCommands;
    x.pending = [];
    x.effects = [];
    x.takenCommands = [];
    const finished = new Set<string>();
    for (const e of events) {
      if (e.type === 'step.completed') finished.add(`${e.jobKey}/${e.index}`);
      else if (e.type === 'job.completed') finished.add(e.jobKey);
    }
    const logs = finished.size ? x.drainLogs(finished) : [];
    this.#commits.appendLogs(logs);
    const s = x.state;
    // The run's last append gives it up too (completed, or stopped for a person's decision).
    const release = s.status === 'completed' || s.status === 'needs-decision' ? this.owner.id : undefined;
    // Concurrency slots end with their job (or run) in the same commit; after a restart the slot
    // may have been taken by an earlier process, so any job with `concurrency:` releases its own.
    const releaseSlots = s.status === 'completed' ? ['*'] : [];
    for (const e of events) {
      if (e.type === 'job.completed' && (x.slots.delete(e.jobKey) || x.jobDef(e.jobKey).concurrency)) releaseSlots.push(e.jobKey);
    }
    // Only changed summary columns are written: an unchanged status leaves its index pages clean,
    // and every page less is less for the commit's fsync to carry.
    const summary: { updatedAt: number; status?: RunStatus; conclusion?: Conclusion } = { updatedAt: s.updatedAt };
    if (s.status !== x.storedStatus) summary.status = x.storedStatus = s.status;
    if (s.conclusion !== undefined && s.conclusion !== x.storedConclusion) summary.conclusion = x.storedConclusion = s.conclusion;
    await this.#commits.append({ runId: x.id, events, summary, takenCommandIds: taken.length ? taken : undefined, release, ...(releaseSlots.length ? { releaseSlots } : {}) });
    this.#emitLogs(x.id, logs);
    for (const event of events) this.#emit({ kind: 'history', runId: x.id, event });
    for (const event of events) if (event.type === 'wait.completed') x.waiters.get(event.key)?.();
    for (const effect of effects) {
      if (effect.kind === 'launch-step') launchStep(x, effect.jobKey, effect.index, effect.attempt, this.#deps);
      else if (effect.kind === 'call-workflow') void this.#call(x, effect.jobKey);
      else if (effect.kind === 'prepare-job') void prepareJob(x, effect.jobKey, this.#o.registry, this.#deps).then(() => this.#pump(x));
      else if (effect.kind === 'acquire-slot') void this.#acquireSlot(x, effect);
      else x.wakeAt(effect.at, () => this.#onWake(x));
    }
  }

  async #acquireSlot(x: RunExecution, effect: { jobKey: string; group: string; cancelInProgress: boolean }): Promise<void> {
    await acquireSlot(x, effect, {
      store: this.#o.store, clock: this.#o.clock, pollMs: this.#o.pollMs,
      cancel: (runId, reason) => this.command(runId, 'cancel', { reason }),
    });
    await this.#pump(x);
  }

  /** Runs a reusable-workflow job's child run and completes the job with its result. */
  async #call(x: RunExecution, jobKey: string): Promise<void> {
    const job = x.state.jobs.get(jobKey)!;
    const events = await callWorkflow(x, job, x.jobDef(jobKey), {
      load: this.#o.loadWorkflow ?? loadLocalWorkflow,
      workflowOf: (source) => this.workflowOf(source),
      workflowOfRun: async (runId) => this.workflowOf(replay(runId, await this.#o.store.history(runId)).source),
      github: this.#deps.github,
      createChild: async (id, input) => {
        if (await this.#o.store.getRun(id)) return;
        const trigger = { ...x.state.trigger, inputs: input.inputs };
        const options = { ...x.state.options, jobs: [], matrix: {}, skipJobs: undefined, secretNames: Object.keys(input.secrets).sort() };
        await this.createRun({ source: input.source, workflow: input.workflow, trigger, options, secrets: input.secrets }, { id, parent: input.parent });
      },
      execute: (runId) => this.execute(runId),
    }, async (event) => {
      x.emit(event);
      await this.#flush(x);
    });
    if (x.detached || events.length === 0) return;
    for (const event of events) x.emit(event);
    x.calling.delete(jobKey);
    await this.#pump(x);
  }

  /** Timers: job deadlines abort their running step; retries and waits re-run the decisions. */
  #onWake(x: RunExecution): void {
    const now = this.#o.clock.now();
    for (const job of x.state.jobs.values()) {
      if (job.deadline === undefined || now < job.deadline || job.status === 'completed') continue;
      for (const [key, controller] of x.inflight) {
        if (key.startsWith(`${job.key}/`)) controller.abort(new StepFailure('timeout', `The job exceeded its timeout of ${Math.round((job.deadline - (job.startedAt ?? now)) / 60_000)} minutes`));
      }
    }
    void this.#pump(x);
  }

  #completeWait(x: RunExecution, key: string, result: WaitResult): void {
    const wait = x.state.waits.get(key);
    if (!wait || wait.result) return;
    x.emit({ type: 'wait.completed', stepKey: wait.stepKey, key, result });
    void this.#pump(x);
  }

  async #finish(x: RunExecution & { done?: Array<(v: RunView) => void> }): Promise<RunView> {
    const view = runView(x.state, x.workflow);
    if (x.detached) return view;
    x.detach('run finished');
    this.#runs.delete(x.id);
    this.#emitLogs(x.id, x.drainLogs());
    if (x.state.status === 'completed' && x.usedTemp) await rm(path.join(this.#deps.tempRoot, x.id), { recursive: true, force: true });
    for (const resolve of x.done ?? []) resolve(view);
    return view;
  }

  #fatal(x: RunExecution & { done?: Array<(v: RunView) => void> }, error: unknown): void {
    // The store refused a commit: stop acting on this run; its durable history is intact and
    // `autodevops resume` continues it.
    x.detach(`store error: ${(error as Error).message}`);
    this.#runs.delete(x.id);
    for (const resolve of x.done ?? []) resolve(runView(x.state, x.workflow));
  }

  #emit(e: EngineEvent): void {
    for (const l of this.#listeners) l(e);
  }

  #emitLogs(runId: string, chunks: ReturnType<RunExecution['drainLogs']>): void {
    for (const chunk of chunks) this.#emit({ kind: 'log', runId, chunk });
  }

  /** Queues a command for a run; applied by its owner (this process, if it is ours). */
  async command(runId: string, type: RunCommand['type'], data: Record<string, unknown>): Promise<void> {
    const view = await this.view(runId);
    validateCommand(view, type, data);
    await this.#o.store.enqueueCommand(runId, type, data, this.#o.clock.now());
    const x = this.#runs.get(runId);
    if (x) await this.#takeCommands([x]);
  }

  async #takeCommands(runs: RunExecution[]): Promise<void> {
    const commands = await this.#o.store.pendingCommands(runs.map((r) => r.id));
    for (const c of commands) {
      const x = this.#runs.get(c.runId);
      if (!x || x.detached || x.seenCommands.has(c.id)) continue;
      x.seenCommands.add(c.id);
      applyCommand(x, c, (key, result) => this.#completeWait(x, key, result));
      x.takenCommands.push(c.id);
      if (c.type === 'cancel') this.#cancelChildren(x, String(c.data.reason ?? 'cancelled'));
      void this.#pump(x);
    }
  }

  /** A cancelled run cancels the runs of the reusable workflows its jobs are calling. */
  #cancelChildren(x: RunExecution, reason: string): void {
    for (const job of x.state.jobs.values()) {
      if (job.child && job.status !== 'completed') void this.command(job.child.runId, 'cancel', { reason }).catch(() => undefined);
    }
  }

  #startTimers(): void {
    if (this.#poller) return;
    this.#poller = setInterval(() => void this.#takeCommands([...this.#runs.values()]).catch(() => undefined), this.#o.pollMs);
    this.#leaseTimer = setInterval(() => void this.#o.store.renewLeases(this.owner.id, this.#o.clock.now() + this.#o.leaseMs).catch(() => undefined), this.#o.leaseMs / 3);
    // Logs of running steps reach the store (and followers) a few times a second.
    this.#logTimer = setInterval(() => this.#flushRunningLogs(), 150);
    for (const t of [this.#poller, this.#leaseTimer, this.#logTimer]) t.unref();
  }

  #flushRunningLogs(): void {
    for (const x of this.#runs.values()) {
      const logs = x.drainLogs();
      if (logs.length === 0) continue;
      this.#commits.appendLogs(logs);
      this.#emitLogs(x.id, logs);
    }
  }

  /** The view of any run (from memory when it runs here, else from its history). */
  async view(runId: string): Promise<RunView> {
    const x = this.#runs.get(runId);
    if (x) return runView(x.state, x.workflow);
    const history = await this.#o.store.history(runId);
    if (history.length === 0) throw new AutodevopsError('ADO_RUN_NOT_FOUND', `no run ${runId}`);
    const state = replay(runId, history);
    return runView(state, await this.workflowOf(state.source));
  }

  /** The parsed workflow of any run (from memory when it runs here, else from its first event). */
  async runWorkflow(runId: string): Promise<WorkflowDefinition | undefined> {
    const x = this.#runs.get(runId);
    if (x) return x.workflow;
    const [created] = await this.#o.store.history(runId);
    return created?.type === 'run.created' ? this.workflowOf(created.workflowSource) : undefined;
  }

  /** Runs whose owner died or whose lease expired: they need `resume`. */
  async orphans(): Promise<string[]> {
    const active = await this.#o.store.listRuns({ status: ['queued', 'running', 'waiting', 'needs-decision'], limit: 1000 });
    const now = this.#o.clock.now();
    return active.filter((r) => r.owner?.id !== this.owner.id && (r.owner === undefined ? r.status !== 'queued' : isOrphan(r, this.owner, now))).map((r) => r.id);
  }

  /** Stops timers and gives up the runs this process holds; their histories stay for `resume`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of [this.#poller, this.#leaseTimer, this.#logTimer]) if (t) clearInterval(t);
    for (const x of this.#runs.values()) {
      x.detach('engine closed');
      await this.#o.store.releaseRun(x.id, this.owner.id).catch(() => undefined);
    }
    this.#runs.clear();
    await this.#commits.drain();
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The durable usage record of a model call: tokens and cost, no messages. */
function usageEvent(stepKey: string, call: ModelCall): NewHistoryEvent {
  return {
    type: 'step.usage', stepKey, provider: call.provider, model: call.model, prompt: call.usage.prompt, completion: call.usage.completion,
    ...(call.cost && { costUsd: call.cost.total, priceTable: call.cost.priceTable }),
  };
}
