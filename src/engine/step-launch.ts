/**
 * Runs one step attempt: evaluates its inputs, builds the StepContext, calls the executor, applies
 * timeouts and cancellation, and turns the result into `step.completed` or `step.retry-scheduled`.
 */
import type { AiAnnouncement } from '../core/ai-calls.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { failureKind, StepFailure } from '../core/failure.ts';
import type { StepError } from '../core/events.ts';
import type { Conclusion } from '../core/states.ts';
import type { JobDefinition, StepDefinition, TemplateValue } from '../dsl/model.ts';
import type { DurableContext, ResolvedStep, StepContext, StepResult } from './ports/step.ts';
import type { RunExecution } from './run-execution.ts';
import { stepKeyOf, totalUsage, type JobState } from './run-state.ts';
import { pathFromSteps } from './contexts.ts';
import { evalCondition, evalString, evalStrings, evalTemplate, evalValue, toBoolean, toNumber } from './expr.ts';
import { stepContexts, stepDefOf } from './job-scheduler.ts';
import { backoffDelay, parseRetryPolicy } from './retry-policy.ts';
import { outputsOf, sealOutputs } from './sealed-outputs.ts';
import type { SchedulerDeps } from './scheduler-deps.ts';

/** What launching needs beyond the scheduler's dependencies. */
export interface LaunchDeps extends SchedulerDeps {
  dataDir: string;
  hostEnv: Record<string, string>;
  tempRoot: string;
  seal(value: unknown): string;
  /** Persists the run's masked values (sealed) before a step's completion is recorded. */
  persistMasks(x: RunExecution): Promise<void>;
  durable(x: RunExecution, stepKey: string): DurableContext;
  /** Passes a model or tool call announcement on (and records a model call's usage). */
  announce(x: RunExecution, stepKey: string, event: AiAnnouncement): void;
  /** Called when the step has emitted its completion. */
  pump(x: RunExecution): void;
}

/** Launches a step attempt in the background; never rejects. */
export function launchStep(x: RunExecution, jobKey: string, index: number, attempt: number, deps: LaunchDeps): void {
  const controller = new AbortController();
  const key = stepKeyOf(jobKey, index);
  x.inflight.set(key, controller);
  // A cancellation that arrived between deciding to start and starting still applies.
  if (x.state.cancelRequested !== undefined && !/\b(always|cancelled)\s*\(/.test(x.jobDef(jobKey).steps[index]!.if)) {
    controller.abort(new StepFailure('cancelled', 'The run was cancelled'));
  }
  void runAttempt(x, jobKey, index, attempt, controller, deps).finally(() => {
    x.inflight.delete(key);
    if (!x.detached) deps.pump(x);
  });
}

async function runAttempt(x: RunExecution, jobKey: string, index: number, attempt: number, controller: AbortController, deps: LaunchDeps): Promise<void> {
  const job = x.state.jobs.get(jobKey)!;
  const def = x.jobDef(jobKey);
  const of = job.steps[index]?.of;
  const stepDef = stepDefOf(def, { index, of });
  const key = stepKeyOf(jobKey, index);
  let masksBefore = x.masker.values().length;
  let ctx: Record<string, unknown> = {};
  let result: StepResult;
  let error: StepError | undefined;
  let stepEnv: Record<string, string> = {};
  try {
    ctx = stepContexts(x, job, def, deps);
    stepEnv = ctx.env as Record<string, string>;
    if (Object.keys(stepDef.env).length > 0) {
      stepEnv = { ...stepEnv, ...evalStrings(stepDef.env, ctx) };
      ctx = { ...ctx, env: stepEnv };
    }
    const resolved = resolveStep(x, job, def, stepDef, index, ctx);
    const executor = deps.registry.resolve(stepDef);
    if (!executor) throw new StepFailure('failed', `no step kind handles uses: ${stepDef.uses}`);
    const context = buildContext(x, job, index, resolved, stepEnv, attempt, controller.signal, ctx, deps);
    const kind = job.steps[index]?.phase;
    const phase = kind === undefined ? executor.execute.bind(executor) : executor[kind]?.bind(executor);
    if (!phase) throw new StepFailure('failed', `uses: ${stepDef.uses} has no ${kind} phase`);
    // A post phase sees what its main phase saved; a pre phase's saved state reaches the main phase.
    if (kind === 'post') context.state = job.steps[of!]?.state ?? {};
    if (kind === undefined) context.state = preStateOf(job, index);
    result = await withTimeout(resolved.timeoutMs, controller, () => phase(context));
    if (controller.signal.aborted) throw controller.signal.reason;
  } catch (e) {
    const reason = controller.signal.aborted ? controller.signal.reason : e;
    const kind = failureKind(reason);
    // A thrown message may quote a secret (a failed request's URL, a token): masked before it is stored.
    error = { message: x.masker.mask((reason as Error)?.message ?? String(reason)), kind };
    result = { outcome: 'failure', error: error.message };
  }
  if (x.detached) return;
  if (x.masker.values().length !== masksBefore) {
    await deps.persistMasks(x);
    masksBefore = x.masker.values().length;
  }
  for (const a of result.annotations ?? []) x.sink(key).write('system', `${a.level}: ${a.message}\n`);
  if (result.outcome === 'failure' && result.error && !error) x.sink(key).write('system', `error: ${result.error}\n`);
  if (error) x.sink(key).write('system', `error: ${error.message}\n`);
  complete(x, job, def, stepDef, index, attempt, result, error, ctx, deps);
}

/** `$GITHUB_STATE` saved by the step's pre phase, if it had one. */
function preStateOf(job: JobState, index: number): Record<string, string> {
  // Pre phases are few and sit after the main steps: most jobs have none, and scanning every step
  // for each step made long jobs quadratic.
  if (!job.pre?.length) return {};
  return job.steps.find((s) => s?.phase === 'pre' && s.of === index)?.state ?? {};
}

/** Records the attempt's end: a scheduled retry, or the completion with outcome and conclusion. */
function complete(x: RunExecution, job: JobState, def: JobDefinition, stepDef: StepDefinition, index: number, attempt: number, result: StepResult, error: StepError | undefined, ctx: Record<string, unknown>, deps: LaunchDeps): void {
  const cancelled = error?.kind === 'cancelled';
  const outcome: Conclusion = cancelled ? 'cancelled' : result.outcome;
  const warn = (text: string): void => x.sink(stepKeyOf(job.key, index)).write('system', `warning: ${text}\n`);
  const policy = safely(() => parseRetryPolicy((ctx.env as Record<string, string>).AUTODEVOPS_RETRY, `steps[${index}].env.AUTODEVOPS_RETRY`), warn);
  if (outcome === 'failure' && policy && attempt < policy.attempts && x.state.cancelRequested === undefined) {
    const delayMs = backoffDelay(policy, attempt + 1, deps.random());
    const fireAt = deps.clock.now() + delayMs;
    x.sink(stepKeyOf(job.key, index)).write('system', `retrying (attempt ${attempt + 1} of ${policy.attempts}) at ${new Date(fireAt).toISOString()}\n`);
    x.emit({ type: 'step.retry-scheduled', jobKey: job.key, index, attempt, fireAt, delayMs, error: error ?? { message: x.masker.mask(result.error ?? 'failed'), kind: 'failed' } });
    x.effects.push({ kind: 'wake', at: fireAt });
    return;
  }
  const continueOnError = outcome === 'failure' && safely(() => toBoolean(evalTemplate(String(stepDef.continueOnError), ctx)), warn) === true;
  const sealed = sealOutputs(result.outputs ?? {}, x.masker, deps.seal);
  x.emit({
    type: 'step.completed', jobKey: job.key, index, attempt, outcome, conclusion: continueOnError ? 'success' : outcome,
    ...(job.steps[index]?.of === undefined ? {} : { of: job.steps[index]!.of, phase: job.steps[index]!.phase }),
    ...(result.post && job.steps[index]?.of === undefined ? { post: { name: result.post.name, if: result.post.if ?? 'always()' } } : {}),
    outputs: sealed.outputs, sealedOutputs: sealed.sealedOutputs,
    env: maskRecord(x, result.env), path: result.path, state: maskRecord(x, result.state), summary: result.summary && x.masker.mask(result.summary),
    annotations: result.annotations?.map((a) => ({ ...a, message: x.masker.mask(a.message) })),
    error: error ?? (result.outcome === 'failure' ? { message: x.masker.mask(result.error ?? 'failed'), kind: 'failed' } : undefined),
  });
}

function maskRecord(x: RunExecution, r: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!r || x.masker.empty) return r;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, x.masker.mask(v)]));
}

/** The value, or undefined when it cannot be computed; the reason is shown in the step's log, never hidden. */
function safely<T>(fn: () => T, warn: (text: string) => void): T | undefined {
  try {
    return fn();
  } catch (e) {
    warn(`${(e as Error).message}; using the default`);
    return undefined;
  }
}

/** Evaluates the step's own fields: run, with, shell, working directory, timeout. */
function resolveStep(x: RunExecution, job: JobState, def: JobDefinition, stepDef: StepDefinition, index: number, ctx: Record<string, unknown>): ResolvedStep {
  const defaults = { ...x.workflow.defaults.run, ...def.defaults.run };
  const workdir = stepDef.workingDirectory ?? defaults.workingDirectory;
  const shell = stepDef.shell ?? (stepDef.run !== undefined ? defaults.shell : undefined);
  const timeout = stepDef.timeoutMinutes === undefined ? undefined : toNumber(evalTemplate(String(stepDef.timeoutMinutes), ctx));
  return {
    id: stepDef.id ?? `__${index}`,
    name: job.steps[index]?.name ?? '',
    run: stepDef.run === undefined ? undefined : evalString(stepDef.run, ctx),
    uses: stepDef.uses,
    shell: shell === undefined ? undefined : evalString(shell, ctx),
    workingDirectory: path.resolve(x.state.options.workdir, workdir === undefined ? '.' : evalString(workdir, ctx)),
    with: evalValue(stepDef.with, ctx) as Record<string, unknown>,
    timeoutMs: timeout === undefined ? undefined : timeout * 60_000,
  };
}

function buildContext(x: RunExecution, job: JobState, index: number, step: ResolvedStep, stepEnv: Record<string, string>, attempt: number, signal: AbortSignal, contexts: Record<string, unknown>, deps: LaunchDeps): StepContext {
  const stepKey = stepKeyOf(job.key, index);
  const jobTemp = x.memo(`temp:${job.key}`, () => path.join(deps.tempRoot, x.id, job.key.replace(/[^\w.-]/g, '_')));
  let durable: DurableContext | undefined;
  let tempDir: string | undefined;
  let env: Record<string, string> | undefined;
  return {
    runId: x.id, jobKey: job.key, stepKey, attempt, step, path: pathFromSteps(job, x.jobDef(job.key), (i) => outputsOf(job.steps[i]!, deps.unseal)),
    // Built on first use: in-process steps never pay for the process environment and event file.
    get env() {
      env ??= { ...deps.hostEnv, ...stepEnv, ...runnerVariables(x, job, step, jobTemp, contexts) };
      return env;
    },
    state: {}, contexts, signal, clock: deps.clock,
    // Sinks are made on first write: most in-process steps log nothing.
    log: (stream, text) => x.sink(stepKey).write(stream, text),
    addMask: (value) => x.masker.add(value),
    mask: (text) => x.masker.mask(text),
    announce: (event) => deps.announce(x, stepKey, event),
    runUsage: () => totalUsage(x.state.usage),
    runStartedAt: () => x.state.startedAt ?? x.state.createdAt,
    get tempDir() {
      if (tempDir === undefined) {
        tempDir = path.join(jobTemp, `${index}-${attempt}`);
        mkdirSync(tempDir, { recursive: true });
        x.usedTemp = true;
      }
      return tempDir;
    },
    // In the job's directory rather than one per step: on some disks (ext4 without a journal, after
    // many deletions) a fresh directory and its first files cost ~0.5 ms each (bench S1).
    scratchFile: (name) => {
      prepareJobTemp(x, jobTemp);
      return path.join(jobTemp, `${index}-${attempt}-${name}`);
    },
    // Made on first use: most steps never wait durably.
    get durable() {
      durable ??= deps.durable(x, stepKey);
      return durable;
    },
    dataDir: deps.dataDir,
    evaluate: (value, extra) => evalValue(value as TemplateValue, extra ? { ...contexts, ...extra } : contexts),
    evaluateCondition: (condition, extra, status) =>
      evalCondition(condition, extra ? { ...contexts, ...extra } : contexts, { success: !status.failed && !status.cancelled, failure: status.failed && !status.cancelled, cancelled: status.cancelled }),
  };
}

/** GitHub's default variables (CI, GITHUB_*, RUNNER_*); users cannot override these. */
function runnerVariables(x: RunExecution, job: JobState, step: ResolvedStep, jobTemp: string, contexts: Record<string, unknown>): Record<string, string> {
  const github = contexts.github as Record<string, string>;
  const runner = contexts.runner as Record<string, string>;
  prepareJobTemp(x, jobTemp);
  const eventPath = path.join(jobTemp, 'event.json');
  return {
    CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: x.state.options.workdir, GITHUB_EVENT_NAME: github.event_name ?? '',
    GITHUB_EVENT_PATH: eventPath, GITHUB_SHA: github.sha ?? '', GITHUB_REF: github.ref ?? '', GITHUB_REF_NAME: github.ref_name ?? '',
    GITHUB_REF_TYPE: github.ref_type ?? '', GITHUB_REPOSITORY: github.repository ?? '', GITHUB_REPOSITORY_OWNER: github.repository_owner ?? '',
    GITHUB_RUN_ID: x.id, GITHUB_RUN_NUMBER: github.run_number ?? '1', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: job.jobId,
    GITHUB_WORKFLOW: x.workflow.name, GITHUB_ACTOR: github.actor ?? '', GITHUB_SERVER_URL: github.server_url ?? '', GITHUB_API_URL: github.api_url ?? '', GITHUB_GRAPHQL_URL: github.graphql_url ?? '',
    GITHUB_ACTION: step.id, RUNNER_OS: runner.os ?? '', RUNNER_ARCH: runner.arch ?? '', RUNNER_NAME: runner.name ?? '',
    RUNNER_TEMP: jobTemp, RUNNER_TOOL_CACHE: runner.tool_cache ?? '',
  };
}

/** Makes the job's temp directory (`RUNNER_TEMP`) with the event file, once. */
function prepareJobTemp(x: RunExecution, jobTemp: string): void {
  if (x.preparedDirs.has(jobTemp)) return;
  x.usedTemp = true;
  mkdirSync(jobTemp, { recursive: true });
  writeFileSync(path.join(jobTemp, 'event.json'), JSON.stringify(x.state.trigger.payload));
  x.preparedDirs.add(jobTemp);
}

/** Aborts the attempt with a timeout failure when it runs too long. */
async function withTimeout<T>(timeoutMs: number | undefined, controller: AbortController, fn: () => Promise<T>): Promise<T> {
  if (timeoutMs === undefined) return fn();
  const minutes = timeoutMs / 60_000;
  const timer = setTimeout(() => controller.abort(new StepFailure('timeout', `The step exceeded its timeout of ${minutes} minute${minutes === 1 ? '' : 's'}`)), timeoutMs);
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
  }
}
