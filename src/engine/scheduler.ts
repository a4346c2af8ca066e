/**
 * Decisions: given a run's state, what happens next — which jobs are skipped, expanded, started or
 * finished, which steps are skipped or launched, and when the run completes. Decisions become
 * history events (applied at once) and effects (performed after the commit).
 */
import type { JobDefinition } from '../dsl/model.ts';
import { expandMatrix, matrixJobName } from '../dsl/index.ts';
import type { Conclusion } from '../core/states.ts';
import type { RunExecution } from './run-execution.ts';
import type { JobState } from './run-state.ts';
import { groupResult, needsContext, needsStatus } from './contexts.ts';
import { evalCondition, evalTemplate, evalValue, toBoolean, toNumber, toText } from './expr.ts';
import { advanceJob } from './job-scheduler.ts';
import type { SchedulerDeps } from './scheduler-deps.ts';

/** Makes every decision possible now; loops until nothing changes. */
export function advanceRun(x: RunExecution, deps: SchedulerDeps): void {
  const s = x.state;
  if (s.status === 'completed' || s.status === 'queued' || s.needsDecision) return;
  for (let progressed = true; progressed; ) {
    progressed = scheduleJobs(x, deps);
    progressed = startJobs(x, deps) || progressed;
    for (const job of s.jobs.values()) {
      if (job.status !== 'running' && job.status !== 'waiting') continue;
      if (x.jobDef(job.key).uses === undefined) progressed = advanceJob(x, job, deps) || progressed;
      else if (!x.calling.has(job.key)) {
        // A reusable-workflow job: its child run does the work (also after a restart).
        x.calling.add(job.key);
        x.effects.push({ kind: 'call-workflow', jobKey: job.key });
      }
    }
    if (s.needsDecision) return;
  }
  finishRun(x);
}

/** Job-level contexts available to `jobs.<id>.if`, `strategy` and `name`. */
function jobLevelContexts(x: RunExecution, def: JobDefinition, deps: SchedulerDeps): Record<string, unknown> {
  return { github: deps.github(x, def.id), needs: needsContext(x.state, def), vars: x.state.options.vars, inputs: x.state.trigger.inputs };
}

/** Jobs whose needs are all done get their `if:` evaluated: skipped, or expanded into instances. */
function scheduleJobs(x: RunExecution, deps: SchedulerDeps): boolean {
  let progressed = false;
  for (const def of x.workflow.jobs) {
    if (x.state.groups.has(def.id)) continue;
    if (!def.needs.every((n) => groupResult(x.state, n) !== undefined)) continue;
    progressed = true;
    const selected = deps.selectedJobs(x);
    if (selected && !selected.has(def.id)) {
      x.emit({ type: 'job.skipped', jobId: def.id, reason: 'not selected by --job' });
      continue;
    }
    const skip = x.state.options.skipJobs?.[def.id];
    if (skip !== undefined) {
      x.emit({ type: 'job.skipped', jobId: def.id, reason: skip });
      continue;
    }
    const ctx = jobLevelContexts(x, def, deps);
    const status = needsStatus(x.state, def);
    const cancelled = x.state.cancelRequested !== undefined;
    let run: boolean;
    try {
      run = evalCondition(def.if, ctx, { success: status.allSucceeded && !cancelled, failure: status.failed && !cancelled, cancelled });
    } catch (e) {
      x.emit({ type: 'job.expanded', jobId: def.id, instances: [{ key: def.id, name: def.id }] });
      x.emit({ type: 'job.completed', jobKey: def.id, conclusion: 'failure', outcome: 'failure', outputs: {}, error: `jobs.${def.id}.if: ${(e as Error).message}` });
      continue;
    }
    if (!run) x.emit({ type: 'job.skipped', jobId: def.id, reason: cancelled ? 'the run was cancelled' : `if: ${def.if} was false` });
    else expandJob(x, def, ctx);
  }
  return progressed;
}

/** Emits the job's instances: one, or one per matrix combination. */
function expandJob(x: RunExecution, def: JobDefinition, ctx: Record<string, unknown>): void {
  try {
    const combos = def.strategy ? matrixCombos(x, def, ctx) : [undefined];
    if (combos.length === 0) {
      x.emit({ type: 'job.skipped', jobId: def.id, reason: 'the matrix has no combinations' });
      return;
    }
    const instances = combos.map((matrix, i) => {
      const key = def.strategy ? `${def.id}.${i}` : def.id;
      const baseName = def.name === undefined ? def.id : String(evalTemplate(def.name, { ...ctx, matrix: matrix ?? {} }));
      const name = matrix && !(def.name ?? '').includes('matrix.') ? matrixJobName(baseName, matrix) : baseName;
      return matrix ? { key, name, matrix } : { key, name };
    });
    x.emit({ type: 'job.expanded', jobId: def.id, instances });
  } catch (e) {
    x.emit({ type: 'job.expanded', jobId: def.id, instances: [{ key: def.id, name: def.id }] });
    x.emit({ type: 'job.completed', jobKey: def.id, conclusion: 'failure', outcome: 'failure', outputs: {}, error: `jobs.${def.id}.strategy: ${(e as Error).message}` });
  }
}

function matrixCombos(x: RunExecution, def: JobDefinition, ctx: Record<string, unknown>): Array<Record<string, unknown>> {
  const raw = typeof def.strategy!.matrix === 'string' ? evalTemplate(def.strategy!.matrix, ctx) : evalValue(def.strategy!.matrix, ctx);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('the matrix must be a mapping');
  const filter = Object.entries(x.state.options.matrix);
  return expandMatrix(raw as Record<string, unknown>).filter((combo) => filter.every(([k, v]) => String(combo[k]) === v));
}

/** Pending job instances start when the run's and the job's parallel limits allow. */
function startJobs(x: RunExecution, deps: SchedulerDeps): boolean {
  let running = 0;
  for (const j of x.state.jobs.values()) if (j.status === 'running' || j.status === 'waiting') running++;
  let progressed = false;
  const runningByGroup = new Map<string, number>();
  for (const j of x.state.jobs.values()) {
    if (j.status === 'running' || j.status === 'waiting') runningByGroup.set(j.jobId, (runningByGroup.get(j.jobId) ?? 0) + 1);
  }
  for (const job of x.state.jobs.values()) {
    if (job.status !== 'pending') continue;
    if (job.retryAt !== undefined && job.retryAt > deps.clock.now()) continue;
    const def = x.jobDef(job.key);
    if (cancelPendingInstance(x, job, def, deps)) {
      progressed = true;
      continue;
    }
    if (running >= x.state.options.maxParallelJobs) break;
    const maxParallel = def.strategy?.maxParallel === undefined ? Infinity : toNumber(evalTemplate(String(def.strategy.maxParallel), jobLevelContexts(x, def, deps)));
    if ((runningByGroup.get(job.jobId) ?? 0) >= maxParallel) continue;
    if (!deps.environmentGate(x, job, def)) continue;
    if (def.concurrency && !holdsSlot(x, job, def, deps)) continue;
    const timeout = def.timeoutMinutes === undefined ? 360 : toNumber(evalTemplate(String(def.timeoutMinutes), { ...jobLevelContexts(x, def, deps), matrix: job.matrix ?? {} }));
    x.emit({ type: 'job.started', jobKey: job.key, attempt: job.attempt + 1, deadline: deps.clock.now() + timeout * 60_000 });
    x.effects.push({ kind: 'wake', at: deps.clock.now() + timeout * 60_000 });
    running++;
    runningByGroup.set(job.jobId, (runningByGroup.get(job.jobId) ?? 0) + 1);
    progressed = true;
  }
  return progressed;
}

/**
 * A job with its own `concurrency:` starts only while it holds the group (across runs and
 * processes, through the store); the first look asks the engine to acquire it.
 */
function holdsSlot(x: RunExecution, job: JobState, def: JobDefinition, deps: SchedulerDeps): boolean {
  const ctx = { ...jobLevelContexts(x, def, deps), matrix: job.matrix ?? {} };
  const group = toText(evalTemplate(def.concurrency!.group, ctx));
  if (x.slots.get(job.key) === group) return true;
  if (!x.acquiring.has(job.key)) {
    x.acquiring.add(job.key);
    const cancel = def.concurrency!.cancelInProgress;
    const cancelInProgress = typeof cancel === 'boolean' ? cancel : toBoolean(evalTemplate(`\${{ ${cancel} }}`, ctx));
    x.effects.push({ kind: 'acquire-slot', jobKey: job.key, group, cancelInProgress });
  }
  return false;
}

/** Fail-fast and cancellation end instances that have not started. */
function cancelPendingInstance(x: RunExecution, job: JobState, def: JobDefinition, deps: SchedulerDeps): boolean {
  const cancelled = x.state.cancelRequested !== undefined;
  const failFast = def.strategy !== undefined && toBoolean(evalTemplate(String(def.strategy.failFast), jobLevelContexts(x, def, deps)));
  const siblingFailed = failFast && (x.state.groups.get(job.jobId)?.instances ?? []).some((k) => x.state.jobs.get(k)?.conclusion === 'failure');
  if (!cancelled && !siblingFailed) return false;
  if (cancelled && /\b(always|cancelled)\s*\(/.test(def.if)) return false;
  const reason = cancelled ? 'the run was cancelled' : 'fail-fast: another matrix job failed';
  x.emit({ type: 'job.completed', jobKey: job.key, conclusion: 'cancelled', outcome: 'cancelled', outputs: {}, error: reason });
  return true;
}

/** The run completes when every job is decided and finished and nothing is in flight. */
function finishRun(x: RunExecution): void {
  const s = x.state;
  if (s.status === 'completed' || x.inflight.size > 0) return;
  if (x.workflow.jobs.some((d) => !s.groups.has(d.id))) return;
  const jobs = [...s.jobs.values()];
  if (jobs.some((j) => j.status !== 'completed')) return;
  let conclusion: Conclusion = 'success';
  if (jobs.some((j) => j.conclusion === 'failure')) conclusion = 'failure';
  else if (s.cancelRequested !== undefined) conclusion = 'cancelled';
  x.emit({ type: 'run.completed', conclusion });
}
