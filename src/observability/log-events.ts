/**
 * Engine events as log lines carrying `trace_id` and `span_id` (the same ids as the exported spans,
 * so a trace viewer and a log search meet). Only chosen fields are logged — never a step's env, the
 * trigger payload or anything the engine did not mask.
 */
import type { Logger } from 'pino';
import type { HistoryEvent } from '../core/events.ts';
import type { ObservedEvent } from './event-feed.ts';
import type { RunInfo } from './run-info.ts';
import { spanIdOf } from './trace-ids.ts';
import { callSpanId } from './ai-spans.ts';
import type { AiEngineEvent } from '../core/ai-calls.ts';

/** What a call's log line says: counts and names, never the messages themselves. */
function callFields(event: AiEngineEvent): Record<string, unknown> {
  if (event.kind === 'tool-call') return { tool: event.call.name, error: event.call.error };
  const c = event.call;
  return { provider: c.provider, model: c.model, prompt_tokens: c.usage.prompt, completion_tokens: c.usage.completion, cost_usd: c.cost?.total, error: c.error };
}

/** An EventFeed observer writing to `logger`. */
export function logObserver(logger: Logger): (event: ObservedEvent, run: RunInfo) => void {
  // Attempt by `<runId>\0<job or step key>`, so a log chunk names the span of the attempt it belongs to.
  const attempts = new Map<string, number>();
  return (event, run) => {
    const ids = { run_id: run.runId, trace_id: run.traceId };
    if (event.kind === 'log') {
      const key = `${run.runId}\u0000${event.chunk.stepKey}`;
      const span = event.chunk.stepKey.includes('/') ? spanIdOf(run.runId, 'step', event.chunk.stepKey, attempts.get(key) ?? 1) : spanIdOf(run.runId, 'job', event.chunk.stepKey, attempts.get(key) ?? 1);
      logger.info({ ...ids, span_id: span, step: event.chunk.stepKey, stream: event.chunk.stream }, event.chunk.text.replace(/\n$/, ''));
      return;
    }
    if (event.kind !== 'history') {
      const c = event.call;
      logger.info({ ...ids, span_id: callSpanId(run.runId, c.stepKey, c.attempt, c.callId), event: event.kind, step: c.stepKey, ...callFields(event) }, event.kind);
      return;
    }
    const e = event.event;
    const { fields, span } = describe(e, run.runId, attempts);
    const level = 'conclusion' in e && e.conclusion === 'failure' ? 'warn' : 'info';
    if (e.type === 'run.completed') forgetRun(attempts, run.runId);
    logger[level]({ ...ids, span_id: span, event: e.type, workflow: run.workflowName, ...fields }, `${e.type}${fields.key ? ` ${String(fields.key)}` : ''}`);
  };
}

function forgetRun(attempts: Map<string, number>, runId: string): void {
  for (const key of attempts.keys()) if (key.startsWith(`${runId}\u0000`)) attempts.delete(key);
}

function describe(e: HistoryEvent, runId: string, attempts: Map<string, number>): { fields: Record<string, unknown>; span: string } {
  switch (e.type) {
    case 'job.started':
      attempts.set(`${runId}\u0000${e.jobKey}`, e.attempt);
      return { fields: { key: e.jobKey, attempt: e.attempt }, span: spanIdOf(runId, 'job', e.jobKey, e.attempt) };
    case 'job.completed':
      return { fields: { key: e.jobKey, conclusion: e.conclusion, error: e.error }, span: spanIdOf(runId, 'job', e.jobKey, attempts.get(`${runId}\u0000${e.jobKey}`) ?? 1) };
    case 'step.started':
      attempts.set(`${runId}\u0000${e.jobKey}/${e.index}`, e.attempt);
      return { fields: { key: `${e.jobKey}/${e.index}`, name: e.name, attempt: e.attempt }, span: spanIdOf(runId, 'step', `${e.jobKey}/${e.index}`, e.attempt) };
    case 'step.completed':
      return { fields: { key: `${e.jobKey}/${e.index}`, attempt: e.attempt, conclusion: e.conclusion, error: e.error?.message }, span: spanIdOf(runId, 'step', `${e.jobKey}/${e.index}`, e.attempt) };
    case 'step.retry-scheduled':
      return { fields: { key: `${e.jobKey}/${e.index}`, attempt: e.attempt, error: e.error.message, fire_at: e.fireAt }, span: spanIdOf(runId, 'step', `${e.jobKey}/${e.index}`, e.attempt) };
    case 'run.completed':
      return { fields: { conclusion: e.conclusion }, span: spanIdOf(runId, 'run') };
    default:
      return { fields: {}, span: spanIdOf(runId, 'run') };
  }
}
