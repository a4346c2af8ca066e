/**
 * The tree GitHub's parser validated → the model the engine executes (model.ts). Expressions stay
 * text; `if:` conditions come from GitHub's converter, which strips `${{ }}`, defaults to
 * `success()` and adds the implicit `success() && (…)` when no status function is called, exactly
 * as GitHub evaluates them.
 */
import type { Diagnostic } from '../core/errors.ts';
import type { ConcurrencyDefinition, JobDefinition, RunDefaults, StepDefinition, StrategyDefinition, WorkflowDefinition } from './model.ts';
import type { JobConditions } from './parser-adapter.ts';
import { normalizeTriggers } from './normalize-triggers.ts';
import {
  toBooleanOrTemplate, toNumberOrTemplate, toStringList, toTemplate, toTemplateMap, toValue, toValueMap, unsupported,
} from './normalize-values.ts';
import type { NormalizeContext } from './normalize-values.ts';
import { entriesOf, field, locate, scalarText } from './source-node.ts';
import type { SourceEntry, SourceNode } from './source-node.ts';

/** The normalised workflow, plus diagnostics for shapes the model cannot hold (then do not run it). */
export function normalizeWorkflow(file: string, root: SourceNode, conditions: Map<string, JobConditions>): { workflow: WorkflowDefinition; diagnostics: Diagnostic[] } {
  const cx: NormalizeContext = { file, diagnostics: [] };
  const workflow: WorkflowDefinition = {
    file,
    name: scalarText(field(root, 'name')) || file,
    on: normalizeTriggers(field(root, 'on')),
    env: toValueMap(cx, field(root, 'env'), 'env'),
    defaults: defaultsOf(field(root, 'defaults')),
    jobs: entriesOf(field(root, 'jobs')).map((e) => normalizeJob(cx, e, conditions.get(e.key))),
  };
  const runName = toTemplate(field(root, 'run-name'));
  if (runName !== undefined) workflow.runName = runName;
  const concurrency = concurrencyOf(field(root, 'concurrency'));
  if (concurrency) workflow.concurrency = concurrency;
  return { workflow, diagnostics: cx.diagnostics };
}

function normalizeJob(cx: NormalizeContext, entry: SourceEntry, conditions: JobConditions | undefined): JobDefinition {
  const node = entry.value;
  const get = (key: string): SourceNode | undefined => field(node, key);
  const job: JobDefinition = {
    id: entry.key,
    needs: toStringList(get('needs')) ?? [],
    if: conditions?.if ?? 'success()',
    env: toValueMap(cx, get('env'), `jobs.${entry.key}.env`),
    defaults: defaultsOf(get('defaults')),
    outputs: toTemplateMap(cx, get('outputs'), `jobs.${entry.key}.outputs`),
    continueOnError: toBooleanOrTemplate(get('continue-on-error'), false),
    steps: stepsOf(cx, get('steps'), conditions?.steps ?? [], `jobs.${entry.key}.steps`),
    location: locate(cx.file, entry),
  };
  assignDefined(job, {
    name: toTemplate(get('name')),
    runsOn: optionalValue(get('runs-on')),
    timeoutMinutes: toNumberOrTemplate(get('timeout-minutes')),
    strategy: strategyOf(cx, get('strategy'), entry.key),
    concurrency: concurrencyOf(get('concurrency')),
    environment: environmentOf(get('environment')),
    container: optionalValue(get('container')),
    services: optionalValue(get('services')),
  });
  if (get('uses') !== undefined) addReusableCall(cx, job, node);
  return job;
}

function addReusableCall(cx: NormalizeContext, job: JobDefinition, node: SourceNode): void {
  job.uses = scalarText(field(node, 'uses')) ?? '';
  job.with = toValueMap(cx, field(node, 'with'), `jobs.${job.id}.with`);
  const secrets = field(node, 'secrets');
  if (scalarText(secrets) === 'inherit') job.secrets = 'inherit';
  else if (secrets !== undefined) job.secrets = toTemplateMap(cx, secrets, `jobs.${job.id}.secrets`);
}

/** The steps of a job or of a composite action, with their resolved `if:` conditions in order. */
export function stepsOf(cx: NormalizeContext, node: SourceNode | undefined, conditions: string[], path: string): StepDefinition[] {
  const items = node?.kind === 'sequence' ? node.items : [];
  return items.map((item, i) => normalizeStep(cx, item, conditions[i] ?? 'success()', `${path}[${i}]`));
}

function normalizeStep(cx: NormalizeContext, node: SourceNode, condition: string, path: string): StepDefinition {
  const get = (key: string): SourceNode | undefined => field(node, key);
  const step: StepDefinition = {
    if: condition,
    with: toValueMap(cx, get('with'), `${path}.with`),
    env: toValueMap(cx, get('env'), `${path}.env`),
    continueOnError: toBooleanOrTemplate(get('continue-on-error'), false),
    location: locate(cx.file, node),
  };
  assignDefined(step, {
    id: scalarText(get('id')),
    name: toTemplate(get('name')),
    run: toTemplate(get('run')),
    uses: scalarText(get('uses')),
    shell: toTemplate(get('shell')),
    workingDirectory: toTemplate(get('working-directory')),
    timeoutMinutes: toNumberOrTemplate(get('timeout-minutes')),
  });
  return step;
}

function strategyOf(cx: NormalizeContext, node: SourceNode | undefined, jobId: string): StrategyDefinition | undefined {
  if (node === undefined) return undefined;
  if (node.kind !== 'mapping') {
    unsupported(cx, node, `jobs.${jobId}.strategy must be written as a mapping: autodevops does not support one expression for the whole of it`);
    return undefined;
  }
  const matrix = field(node, 'matrix');
  // Without a matrix GitHub runs the job once; fail-fast and max-parallel then mean nothing.
  if (matrix === undefined || (matrix.kind === 'scalar' && matrix.value === null)) return undefined;
  const strategy: StrategyDefinition = {
    matrix: matrix.kind === 'mapping' ? toValueMap(cx, matrix, 'matrix') : (scalarText(matrix) ?? ''),
    failFast: toBooleanOrTemplate(field(node, 'fail-fast'), true),
  };
  assignDefined(strategy, { maxParallel: toNumberOrTemplate(field(node, 'max-parallel')) });
  return strategy;
}

function concurrencyOf(node: SourceNode | undefined): ConcurrencyDefinition | undefined {
  if (node === undefined) return undefined;
  if (node.kind !== 'mapping') return { group: scalarText(node) ?? '', cancelInProgress: false };
  return { group: scalarText(field(node, 'group')) ?? '', cancelInProgress: toBooleanOrTemplate(field(node, 'cancel-in-progress'), false) };
}

function environmentOf(node: SourceNode | undefined): JobDefinition['environment'] {
  if (node === undefined) return undefined;
  if (node.kind !== 'mapping') return { name: scalarText(node) ?? '' };
  const env: NonNullable<JobDefinition['environment']> = { name: scalarText(field(node, 'name')) ?? '' };
  assignDefined(env, { url: toTemplate(field(node, 'url')) });
  return env;
}

function defaultsOf(node: SourceNode | undefined): { run?: RunDefaults } {
  const run = field(node, 'run');
  if (run === undefined) return {};
  const result: RunDefaults = {};
  assignDefined(result, { shell: toTemplate(field(run, 'shell')), workingDirectory: toTemplate(field(run, 'working-directory')) });
  return { run: result };
}

function optionalValue(node: SourceNode | undefined): ReturnType<typeof toValue> | undefined {
  return node === undefined ? undefined : toValue(node);
}

/** Sets only the fields whose value is defined, so optional fields stay absent (not `undefined`). */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
