/**
 * Engine history events → CHAIN spans: one trace per run, run → job → step. A span is finished
 * (and handed to `emit`) when its completion event arrives; its start comes from the start event
 * seen in this process, or from the run's view when another process started it (a resumed run).
 * Everything here was made durable by the engine first, so it is already masked. A reusable
 * workflow's run joins its caller's trace under the calling job's span; a step that made model
 * calls is an AGENT span (its LLM and TOOL spans nest under it).
 */
import { SemanticConventions as SC, OpenInferenceSpanKind, MimeType } from '@arizeai/openinference-semantic-conventions';
import type { HistoryEventOf } from '../core/events.ts';
import type { ObservedEvent } from './event-feed.ts';
import type { RunInfo } from './run-info.ts';
import { sessionIdOf } from '../core/session-id.ts';
import type { AttributeValue, SpanRecord } from './span-record.ts';
import { spanIdOf } from './trace-ids.ts';
import { stepInput } from './workflow-shape.ts';

/** Longest input/output value kept on a span; longer ones are cut (trace viewers choke on megabytes). */
export const MAX_VALUE_LENGTH = 16_384;

interface Open {
  start: number;
  attempt: number;
  name: string;
  /** For a pre or post phase: the main step it belongs to. */
  of?: number;
}

/** Builds the spans of every run it is fed; keeps only what is still open. */
export class RunSpans {
  readonly #emit: (span: SpanRecord) => void;
  readonly #runs = new Map<string, RunState>();

  constructor(emit: (span: SpanRecord) => void) {
    this.#emit = emit;
  }

  /** The span id of the job (attempt) a step belongs to, for spans that nest under steps. */
  static stepSpanId(runId: string, stepKey: string, attempt: number): string {
    return spanIdOf(runId, 'step', stepKey, attempt);
  }

  /** An EventFeed observer. */
  readonly observe = (event: ObservedEvent, run: RunInfo): void => {
    if (event.kind !== 'history') return;
    const e = event.event;
    const state = this.#state(run);
    switch (e.type) {
      case 'run.started': state.started = e.at; break;
      case 'run.completed': this.#endRun(e, run, state); break;
      case 'job.started': state.jobs.set(e.jobKey, { start: e.at, attempt: e.attempt, name: e.jobKey }); break;
      case 'job.completed': this.#endJob(e, run, state); break;
      case 'step.started': state.steps.set(`${e.jobKey}/${e.index}`, { start: e.at, attempt: e.attempt, name: e.name, ...(e.of !== undefined && { of: e.of }) }); break;
      case 'step.usage': state.aiSteps.add(e.stepKey); break;
      case 'step.completed': this.#endStep(e, run, state, stepEnd(e)); break;
      case 'step.retry-scheduled': this.#endStep(e, run, state, { status: { code: 'error', message: e.error.message }, retry: true }); break;
      case 'step.interrupted': this.#endStep(e, run, state, { status: { code: 'error', message: 'interrupted: the process running it died' } }); break;
      default: break;
    }
  };

  #state(run: RunInfo): RunState {
    let s = this.#runs.get(run.runId);
    // Computed once per run: every span of the run carries them.
    if (!s) this.#runs.set(run.runId, (s = { jobs: new Map(), steps: new Map(), aiSteps: new Set(run.aiSteps), runSpanId: spanIdOf(run.runId, 'run'), chain: chain(run) }));
    return s;
  }

  /** The span a run's root nests under: nothing, or the caller's job (attempt) for a reusable workflow. */
  #callerSpanId(run: RunInfo): string | undefined {
    if (!run.parent) return undefined;
    const attempt = this.#runs.get(run.parent.runId)?.jobs.get(run.parent.jobKey)?.attempt ?? 1;
    return spanIdOf(run.parent.runId, 'job', run.parent.jobKey, attempt);
  }

  #endRun(e: HistoryEventOf<'run.completed'>, run: RunInfo, state: RunState): void {
    this.#runs.delete(run.runId);
    const input = { event: run.trigger.event, ref: run.trigger.ref, sha: run.trigger.sha, repository: run.trigger.repository, actor: run.trigger.actor, inputs: run.trigger.inputs };
    const parentSpanId = this.#callerSpanId(run);
    this.#emit({
      name: run.workflowName, traceId: run.traceId, spanId: state.runSpanId, ...(parentSpanId !== undefined && { parentSpanId }),
      startMs: state.started ?? run.startedAt ?? run.createdAt, endMs: e.at,
      attributes: { ...state.chain, ...io(input, { conclusion: e.conclusion }), 'autodevops.run.id': run.runId, 'autodevops.workflow': run.workflowName,
        'autodevops.workflow.file': run.workflowFile, 'autodevops.conclusion': e.conclusion,
        ...(run.parent && { 'autodevops.parent.run.id': run.parent.runId, 'autodevops.parent.job.key': run.parent.jobKey }) },
      status: conclusionStatus(e.conclusion, `the run concluded ${e.conclusion}`),
    });
  }

  #endJob(e: HistoryEventOf<'job.completed'>, run: RunInfo, state: RunState): void {
    const open = state.jobs.get(e.jobKey);
    state.jobs.delete(e.jobKey);
    const attempt = open?.attempt ?? 1;
    this.#emit({
      name: e.jobKey, traceId: run.traceId, spanId: spanIdOf(run.runId, 'job', e.jobKey, attempt), parentSpanId: state.runSpanId,
      startMs: open?.start ?? run.startTimes.get(e.jobKey) ?? e.at, endMs: e.at,
      attributes: { ...state.chain, ...io({ job: e.jobKey, attempt }, { conclusion: e.conclusion, outputs: e.outputs }), 'autodevops.job.key': e.jobKey, 'autodevops.attempt': attempt, 'autodevops.conclusion': e.conclusion },
      status: conclusionStatus(e.conclusion, e.error ?? `the job concluded ${e.conclusion}`),
    });
  }

  #endStep(e: StepEnding, run: RunInfo, state: RunState, end: StepEnd): void {
    const key = `${e.jobKey}/${e.index}`;
    const open = state.steps.get(key);
    state.steps.delete(key);
    const jobAttempt = state.jobs.get(e.jobKey)?.attempt ?? 1;
    const name = open?.name ?? ('name' in e ? e.name : undefined) ?? key;
    const written = stepInput(run.workflow, e.jobKey, open?.of ?? ('of' in e ? e.of : undefined) ?? e.index);
    const kind: Record<string, AttributeValue> = state.aiSteps.has(key) ? { [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.AGENT } : {};
    this.#emit({
      name, traceId: run.traceId, spanId: RunSpans.stepSpanId(run.runId, key, e.attempt), parentSpanId: spanIdOf(run.runId, 'job', e.jobKey, jobAttempt),
      startMs: open?.start ?? run.startTimes.get(key) ?? e.at, endMs: e.at,
      attributes: { ...state.chain, ...kind, ...io({ step: name, attempt: e.attempt, ...written }, end.output), 'autodevops.step.key': key, 'autodevops.attempt': e.attempt,
        ...(end.conclusion !== undefined && { 'autodevops.conclusion': end.conclusion }), ...(end.retry && { 'autodevops.retry_scheduled': true }) },
      status: end.status,
    });
  }
}

interface RunState {
  started?: number;
  jobs: Map<string, Open>;
  steps: Map<string, Open>;
  /** Step keys that made model calls (in any attempt: an AI step's every attempt is an AGENT span). */
  aiSteps: Set<string>;
  runSpanId: string;
  chain: Record<string, AttributeValue>;
}

type StepEnding = HistoryEventOf<'step.completed' | 'step.retry-scheduled' | 'step.interrupted'>;
interface StepEnd {
  status: SpanRecord['status'];
  output?: unknown;
  conclusion?: string;
  retry?: boolean;
}

function stepEnd(e: HistoryEventOf<'step.completed'>): StepEnd {
  const output = { outcome: e.outcome, conclusion: e.conclusion, outputs: e.outputs, ...(e.error && { error: e.error.message }) };
  const status: SpanRecord['status'] = e.outcome === 'failure' ? { code: 'error', message: e.error?.message ?? 'the step failed' } : conclusionStatus(e.conclusion, '');
  return { status, output, conclusion: e.conclusion };
}

function conclusionStatus(conclusion: string, message: string): SpanRecord['status'] {
  if (conclusion === 'success') return { code: 'ok' };
  if (conclusion === 'failure' || conclusion === 'cancelled') return { code: 'error', message };
  return { code: 'unset' };
}

/** Attributes every run/job/step span carries (the run's id and workflow are on its root span). */
function chain(run: RunInfo): Record<string, AttributeValue> {
  const session = sessionIdOf(run.trigger);
  return { [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.CHAIN, ...(session !== undefined && { [SC.SESSION_ID]: session }) };
}

/** `input.value` / `output.value` as JSON. */
export function io(input: unknown, output: unknown): Record<string, AttributeValue> {
  return {
    [SC.INPUT_VALUE]: json(input), [SC.INPUT_MIME_TYPE]: MimeType.JSON,
    ...(output !== undefined && { [SC.OUTPUT_VALUE]: json(output), [SC.OUTPUT_MIME_TYPE]: MimeType.JSON }),
  };
}

function json(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}
