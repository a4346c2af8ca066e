/**
 * Where each instance of a job runs, decided before the run exists: `runs-on` is evaluated with
 * what is known then (github, inputs, vars) and, when it reads `matrix`, once per combination of
 * the expanded matrix (the same expansion and `--matrix` filter the engine uses). A `runs-on` that
 * reads `needs` can only be decided while the run goes; such a job is reported as undecided.
 */
import { expandMatrix, matrixJobName } from '../dsl/index.ts';
import type { JobDefinition, TemplateValue } from '../dsl/model.ts';
import { evaluateCondition, evaluateValue, expressionReferences, isExpressionError } from '../dsl/expressions/index.ts';
import { placeJob, runsOnLabels } from './runs-on.ts';
import type { HostInfo, Placement, RunsOnTable } from './runs-on.ts';

/** What placing jobs needs. */
export interface PlacementContext {
  table: RunsOnTable;
  host: HostInfo;
  /** Contexts known before the run: `github`, `inputs`, `vars`. */
  contexts: Record<string, unknown>;
  /** `--matrix key:value` filters. */
  matrixFilter: Record<string, string>;
}

/** One job instance's placement; `name` is GitHub's display name (`build (windows-latest)`). */
export interface InstancePlacement extends Placement {
  name: string;
  matrix?: Record<string, unknown>;
}

/** A job's instances, or why they cannot be known before the run. */
export type JobPlacement = { decided: true; instances: InstancePlacement[] } | { decided: false; reason: string };

const knownBeforeRun = new Set(['github', 'inputs', 'vars', 'matrix', 'strategy']);

/** Places every instance of `job` (none for a reusable-workflow call, which has no runs-on). */
export function placeJobInstances(job: JobDefinition, ctx: PlacementContext): JobPlacement {
  if (job.runsOn === undefined) return { decided: true, instances: [] };
  const late = lateReference(job.runsOn) ?? (job.strategy ? lateReference(job.strategy.matrix) : undefined);
  if (late !== undefined) return { decided: false, reason: `runs-on depends on ${late}, known only when the run gets to this job` };
  try {
    const combos = readsMatrix(job.runsOn) && job.strategy ? matrixCombos(job, ctx) : [undefined];
    return { decided: true, instances: combos.map((combo) => placeInstance(job, combo, ctx)) };
  } catch (e) {
    if (!isExpressionError(e)) throw e;
    const placement: InstancePlacement = { name: job.id, verdict: 'unsupported', labels: [], reason: `runs-on cannot be evaluated: ${e.detail}`, fix: 'Fix the runs-on expression.' };
    return { decided: true, instances: [placement] };
  }
}

/**
 * True when the job's `if:` is false whatever happens to the jobs it needs (success, failure or
 * cancellation), judged with the contexts known before the run; such a job never runs.
 */
export function skippedBeforeRun(job: JobDefinition, ctx: PlacementContext): boolean {
  if (job.if.trim() === '' || expressionReferences(job.if, 'condition').references.some((r) => !knownBeforeRun.has(r.context))) return false;
  const outcomes = [{ failed: false, cancelled: false }, { failed: true, cancelled: false }, { failed: false, cancelled: true }];
  try {
    return outcomes.every((status) => !evaluateCondition(job.if, ctx.contexts, status));
  } catch {
    return false;
  }
}

function placeInstance(job: JobDefinition, combo: Record<string, unknown> | undefined, ctx: PlacementContext): InstancePlacement {
  const value = evaluateValue(job.runsOn!, { ...ctx.contexts, matrix: combo ?? {}, strategy: strategyContext(job) });
  const name = combo === undefined ? job.id : matrixJobName(job.id, combo);
  const labels = runsOnLabels(value);
  if (labels === undefined) {
    return { name, matrix: combo, verdict: 'unsupported', labels: [], reason: `runs-on gives ${JSON.stringify(value)}, not a label, a list of labels or { group, labels }`, fix: 'Give runs-on a label such as ubuntu-latest.' };
  }
  return { name, ...(combo === undefined ? {} : { matrix: combo }), ...placeJob(labels, ctx.table, ctx.host) };
}

function matrixCombos(job: JobDefinition, ctx: PlacementContext): Array<Record<string, unknown>> {
  const matrix = evaluateValue(job.strategy!.matrix, ctx.contexts);
  if (typeof matrix !== 'object' || matrix === null || Array.isArray(matrix)) return [];
  const filter = Object.entries(ctx.matrixFilter);
  return expandMatrix(matrix as Record<string, unknown>).filter((combo) => filter.every(([k, v]) => String(combo[k]) === v));
}

function strategyContext(job: JobDefinition): Record<string, unknown> {
  return { 'fail-fast': job.strategy?.failFast ?? true, 'max-parallel': job.strategy?.maxParallel ?? null };
}

/** The first context read by templates in `value` that is unknown before the run (`needs.setup`), if any. */
function lateReference(value: TemplateValue): string | undefined {
  for (const text of templates(value)) {
    const late = expressionReferences(text).references.find((r) => !knownBeforeRun.has(r.context));
    if (late !== undefined) return [late.context, ...late.path].join('.');
  }
  return undefined;
}

function readsMatrix(value: TemplateValue): boolean {
  return templates(value).some((text) => expressionReferences(text).references.some((r) => r.context === 'matrix'));
}

function templates(value: TemplateValue): string[] {
  if (typeof value === 'string') return value.includes('${{') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(templates);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...templates(k), ...templates(v)]);
}
