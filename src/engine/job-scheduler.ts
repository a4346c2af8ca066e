/**
 * Decisions inside one running job: skip or start its next step (steps run one after another),
 * handle retried and interrupted steps, and finish the job with its outputs and conclusion.
 */
import type { JobDefinition, StepDefinition } from '../dsl/model.ts';
import type { Conclusion } from '../core/states.ts';
import type { RunExecution } from './run-execution.ts';
import { stepKeyOf, type JobState, type StepState } from './run-state.ts';
import { jobAccumulator, jobSoFar, needsContext, strategyContext, stepsContext } from './contexts.ts';
import { evalCondition, evalString, evalStrings, evalTemplate, toBoolean, toText } from './expr.ts';
import { backoffDelay, parseRetryPolicy } from './retry-policy.ts';
import { outputsOf } from './sealed-outputs.ts';
import type { SchedulerDeps } from './scheduler-deps.ts';

/** True once the run is cancelled or the job's deadline has passed. */
export function jobCancelled(x: RunExecution, job: JobState, now: number): boolean {
  return x.state.cancelRequested !== undefined || (job.deadline !== undefined && now >= job.deadline);
}

/** The status functions for a step's `if:`. */
export function stepStatus(x: RunExecution, job: JobState, now: number): { success: boolean; failure: boolean; cancelled: boolean } {
  const cancelled = jobCancelled(x, job, now);
  const failed = jobSoFar(job) === 'failure';
  return { success: !failed && !cancelled, failure: failed && !cancelled, cancelled };
}

const contextCache = new WeakMap<JobState, { attempt: number; upTo: number; contexts: Record<string, unknown> }>();

/**
 * Expression contexts for a step of this job (`env` without the step's own `env:`). One object per
 * job attempt, refreshed as steps complete: the evaluator memoises its view of each context object,
 * so a stable object keeps evaluation cheap in long jobs. Steps of a job run one at a time.
 */
export function stepContexts(x: RunExecution, job: JobState, def: JobDefinition, deps: SchedulerDeps): Record<string, unknown> {
  const outputs = (i: number): Record<string, string> => outputsOf(job.steps[i]!, deps.unseal);
  let cached = contextCache.get(job);
  if (cached?.attempt !== job.attempt) {
    const base = { github: deps.github(x, def.id), vars: x.state.options.vars, secrets: x.secrets, inputs: x.state.trigger.inputs, needs: needsContext(x.state, def), matrix: job.matrix ?? {}, runner: deps.runner };
    const failFast = def.strategy ? toBoolean(def.strategy.failFast) : true;
    const strategy = strategyContext(job, failFast, typeof def.strategy?.maxParallel === 'number' ? def.strategy.maxParallel : job.instanceTotal);
    const env = jobEnv(x, job, def, base);
    cached = { attempt: job.attempt, upTo: -1, contexts: { ...base, env, strategy, steps: stepsContext(job, def, outputs), job: { status: 'success' } } };
    contextCache.set(job, cached);
  }
  const acc = jobAccumulator(job, def, outputs);
  if (acc.upTo !== cached.upTo) {
    const fromFiles = acc.env;
    const env = jobEnv(x, job, def, cached.contexts);
    cached.contexts.env = Object.keys(fromFiles).length === 0 ? env : { ...env, ...fromFiles };
    (cached.contexts.job as { status: string }).status = jobSoFar(job);
    cached.upTo = acc.upTo;
  }
  return cached.contexts;
}

const jobEnvCache = new WeakMap<JobState, { attempt: number; env: Record<string, string> }>();

/** Workflow env, `--env`, then the job's `env:` — evaluated once per job attempt. */
export function jobEnv(x: RunExecution, job: JobState, def: JobDefinition, base: Record<string, unknown>): Record<string, string> {
  const cached = jobEnvCache.get(job);
  if (cached?.attempt === job.attempt) return cached.env;
  const wf = evalStrings(x.workflow.env, base);
  const env = { ...wf, ...x.state.options.env };
  Object.assign(env, evalStrings(def.env, { ...base, env }));
  jobEnvCache.set(job, { attempt: job.attempt, env });
  return env;
}

const mainCursor = new WeakMap<JobState, { attempt: number; next: number }>();

/** The first main step not completed; steps complete in order, so a cursor only moves forward. */
function nextMainStep(job: JobState, def: JobDefinition): number {
  let cursor = mainCursor.get(job);
  if (cursor?.attempt !== job.attempt) {
    cursor = { attempt: job.attempt, next: 0 };
    mainCursor.set(job, cursor);
  }
  while (cursor.next < def.steps.length && job.steps[cursor.next]?.status === 'completed') cursor.next++;
  return cursor.next;
}

/**
 * Makes the next decision for a running job; true when something changed. A job runs its pre
 * phases (found when it was prepared), then its steps, then the post phases its steps asked for.
 */
export function advanceJob(x: RunExecution, job: JobState, deps: SchedulerDeps): boolean {
  const def = x.jobDef(job.key);
  if (job.pre === undefined && needsPrepare(def, deps)) {
    if (!x.preparing.has(job.key)) {
      x.preparing.add(job.key);
      x.effects.push({ kind: 'prepare-job', jobKey: job.key });
    }
    return false;
  }
  const n = def.steps.length;
  const pre = job.pre ?? [];
  for (let k = 0; k < pre.length; k++) {
    const current = job.steps[n + k];
    if (current?.status === 'completed') continue;
    if (current) return resumeStep(x, job, def, current, deps);
    return beginPhase(x, job, def, n + k, pre[k]!.of, 'pre', pre[k]!, deps);
  }
  const next = nextMainStep(job, def);
  if (next < n) {
    const current = job.steps[next];
    return current ? resumeStep(x, job, def, current, deps) : beginStep(x, job, def, next, deps);
  }
  const posts = postQueue(job, def);
  for (let k = 0; k < posts.length; k++) {
    const index = n + pre.length + k;
    const current = job.steps[index];
    if (current?.status === 'completed') continue;
    if (current) return resumeStep(x, job, def, current, deps);
    return beginPhase(x, job, def, index, posts[k]!.index, 'post', posts[k]!.post!, deps);
  }
  finishJob(x, job, def, deps);
  return true;
}

const mayHavePre = new WeakMap<JobDefinition, boolean>();

/** True when some step's executor may have a pre phase, which takes an asynchronous look (fetching an action). */
function needsPrepare(def: JobDefinition, deps: SchedulerDeps): boolean {
  let known = mayHavePre.get(def);
  if (known === undefined) {
    known = def.steps.some((st) => st.uses !== undefined && deps.registry.resolve(st)?.hasPre !== undefined);
    mayHavePre.set(def, known);
  }
  return known;
}

/** Main steps that asked for a post phase, in the order the posts run: reverse of the steps. */
function postQueue(job: JobState, def: JobDefinition): StepState[] {
  const posts: StepState[] = [];
  for (let i = 0; i < def.steps.length; i++) if (job.steps[i]?.post) posts.unshift(job.steps[i]!);
  return posts;
}

/** The definition a step state runs: its own, or for a pre or post phase its main step's. */
export function stepDefOf(def: JobDefinition, st: { index: number; of?: number }): StepDefinition {
  return def.steps[st.of ?? st.index]!;
}

/** A pre phase (before the first step) or post phase (after the last): its `if` (default always()) decides. */
function beginPhase(x: RunExecution, job: JobState, def: JobDefinition, index: number, of: number, phase: 'pre' | 'post', spec: { name: string; if: string }, deps: SchedulerDeps): boolean {
  const ctx = stepContexts(x, job, def, deps);
  const base = { type: 'step.completed' as const, jobKey: job.key, index, attempt: 1, name: spec.name, of, phase, outputs: {} };
  let run: boolean;
  try {
    run = evalCondition(spec.if, ctx, stepStatus(x, job, deps.clock.now()));
  } catch (e) {
    x.emit({ ...base, outcome: 'failure', conclusion: 'failure', error: { message: `${phase} of steps[${of}]: ${(e as Error).message}`, kind: 'failed' } });
    return true;
  }
  if (!run) x.emit({ ...base, outcome: 'skipped', conclusion: 'skipped' });
  else start(x, job, def.steps[of]!, index, 1, spec.name, deps, of, phase);
  return true;
}

/** A step that exists but is not complete: in flight, waiting for a retry, or interrupted by a crash. */
function resumeStep(x: RunExecution, job: JobState, def: JobDefinition, st: StepState, deps: SchedulerDeps): boolean {
  const key = stepKeyOf(job.key, st.index);
  if (st.status !== 'pending' || x.inflight.has(key)) return false;
  if (st.retryAt !== undefined && st.retryAt > deps.clock.now()) return false;
  if (st.interrupted && !st.repeatSafe) {
    const decision = x.state.decisions.get(key);
    if (!decision) {
      x.emit({ type: 'run.needs-decision', stepKey: key, reason: `step "${st.name}" was interrupted and is marked not safe to repeat` });
      return true;
    }
    if (decision !== 'retry') {
      const outcome: Conclusion = decision === 'skip' ? 'success' : 'failure';
      const error = decision === 'fail' ? { message: 'failed by a person after an interruption', kind: 'interrupted' as const } : undefined;
      x.emit({ type: 'step.completed', jobKey: job.key, index: st.index, attempt: st.attempt, outcome, conclusion: outcome, outputs: {}, error });
      return true;
    }
  }
  start(x, job, stepDefOf(def, st), st.index, st.attempt + 1, st.name, deps, st.of, st.phase);
  return true;
}

/** A step not yet reached: evaluate its `if:`, then skip it or start it. */
function beginStep(x: RunExecution, job: JobState, def: JobDefinition, index: number, deps: SchedulerDeps): boolean {
  const stepDef = def.steps[index]!;
  const ctx = stepContexts(x, job, def, deps);
  let name = displayName(stepDef);
  try {
    if (stepDef.name !== undefined) name = evalString(stepDef.name, ctx);
    if (!evalCondition(stepDef.if, ctx, stepStatus(x, job, deps.clock.now()))) {
      x.emit({ type: 'step.completed', jobKey: job.key, index, attempt: 1, name, outcome: 'skipped', conclusion: 'skipped', outputs: {} });
      return true;
    }
  } catch (e) {
    const error = { message: `steps[${index}] (${name}): ${(e as Error).message}`, kind: 'failed' as const };
    x.emit({ type: 'step.completed', jobKey: job.key, index, attempt: 1, name, outcome: 'failure', conclusion: 'failure', outputs: {}, error });
    return true;
  }
  start(x, job, stepDef, index, 1, name, deps);
  return true;
}

function start(x: RunExecution, job: JobState, stepDef: StepDefinition, index: number, attempt: number, name: string, deps: SchedulerDeps, of?: number, phase?: 'pre' | 'post'): void {
  const executor = deps.registry.resolve(stepDef);
  const declared = stepDef.env.AUTODEVOPS_REPEAT_SAFE ?? x.jobDef(job.key).env.AUTODEVOPS_REPEAT_SAFE ?? x.workflow.env.AUTODEVOPS_REPEAT_SAFE;
  const repeatSafe = executor?.repeatSafe !== false && String(declared ?? 'true') !== 'false';
  x.emit({ type: 'step.started', jobKey: job.key, index, attempt, name, repeatSafe, ...(of === undefined ? {} : { of, phase }) });
  x.effects.push({ kind: 'launch-step', jobKey: job.key, index, attempt });
}

/** GitHub's default step names. */
export function displayName(step: StepDefinition): string {
  if (step.run !== undefined) return `Run ${step.run.trim().split('\n')[0]}`;
  return `Run ${step.uses ?? 'step'}`;
}

/** All steps are done: outputs, continue-on-error, job retry, conclusion. */
function finishJob(x: RunExecution, job: JobState, def: JobDefinition, deps: SchedulerDeps): void {
  const now = deps.clock.now();
  const timedOut = job.deadline !== undefined && now >= job.deadline;
  const failed = timedOut || jobSoFar(job) === 'failure';
  const cancelled = !failed && x.state.cancelRequested !== undefined && job.steps.some((s) => s.conclusion === 'cancelled' || s.conclusion === 'skipped');
  const outcome: Conclusion = failed ? 'failure' : cancelled ? 'cancelled' : 'success';
  const ctx = stepContexts(x, job, def, deps);
  const outputs = jobOutputs(x, job, def, ctx);
  const policy = parseRetryPolicy((ctx.env as Record<string, string>).AUTODEVOPS_JOB_RETRY, `jobs.${def.id}.env.AUTODEVOPS_JOB_RETRY`);
  if (failed && x.state.cancelRequested === undefined && job.attempt < policy.attempts) {
    const fireAt = now + backoffDelay(policy, job.attempt + 1, deps.random());
    x.emit({ type: 'job.retry-scheduled', jobKey: job.key, attempt: job.attempt, fireAt });
    x.effects.push({ kind: 'wake', at: fireAt });
    return;
  }
  const continueOnError = failed && toBoolean(evalTemplate(String(def.continueOnError), ctx));
  const error = timedOut ? `The job exceeded its timeout of ${Math.round(((job.deadline ?? now) - (job.startedAt ?? now)) / 60_000)} minutes` : undefined;
  x.emit({ type: 'job.completed', jobKey: job.key, conclusion: continueOnError ? 'success' : outcome, outcome, outputs, error });
}

/** Job outputs; a value holding a secret is left out with a warning, as GitHub does. */
function jobOutputs(x: RunExecution, job: JobState, def: JobDefinition, ctx: Record<string, unknown>): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, template] of Object.entries(def.outputs)) {
    let value: string;
    try {
      value = toText(evalTemplate(template, ctx));
    } catch (e) {
      x.sink(job.key).write('system', `warning: output ${name}: ${(e as Error).message}\n`);
      continue;
    }
    if (x.masker.holdsSecret(value)) x.sink(job.key).write('system', `warning: skipped output '${name}' since it may contain a secret\n`);
    else outputs[name] = value;
  }
  return outputs;
}
