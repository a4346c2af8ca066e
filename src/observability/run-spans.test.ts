import { SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, NewHistoryEvent } from '../core/events.ts';
import { runInfoOf, type RunInfo } from './run-info.ts';
import { MAX_VALUE_LENGTH, RunSpans } from './run-spans.ts';
import type { SpanRecord } from './span-record.ts';
import { spanIdOf, traceIdOf } from './trace-ids.ts';

const info = (more: Partial<RunInfo> = {}): RunInfo => ({
  runId: 'r1', workflowName: 'ci', workflowFile: 'ci.yml', trigger: { event: 'push', payload: {}, inputs: {} }, createdAt: 1000, traceId: traceIdOf('r1'),
  startTimes: new Map(), aiSteps: new Set(), ...more,
});

function feed(events: Array<[number, NewHistoryEvent]>, run = info()): SpanRecord[] {
  const spans: SpanRecord[] = [];
  const builder = new RunSpans((s) => spans.push(s));
  events.forEach(([at, e], seq) => builder.observe({ kind: 'history', runId: run.runId, event: { ...e, seq, at } as HistoryEvent }, run));
  return spans;
}

describe('run spans', () => {
  it('end a retried attempt as an error and start the next attempt as its own span', () => {
    const spans = feed([
      [1, { type: 'run.started' }], [2, { type: 'job.started', jobKey: 'b', attempt: 1 }],
      [3, { type: 'step.started', jobKey: 'b', index: 0, attempt: 1, name: 'flaky', repeatSafe: true }],
      [4, { type: 'step.retry-scheduled', jobKey: 'b', index: 0, attempt: 1, fireAt: 5, error: { message: 'boom', kind: 'failed' } }],
      [5, { type: 'step.started', jobKey: 'b', index: 0, attempt: 2, name: 'flaky', repeatSafe: true }],
      [6, { type: 'step.completed', jobKey: 'b', index: 0, attempt: 2, outcome: 'success', conclusion: 'success', outputs: {} }],
    ]);
    expect(spans.map((s) => [s.name, s.spanId, s.status.code, s.attributes['autodevops.retry_scheduled']])).toEqual([
      ['flaky', spanIdOf('r1', 'step', 'b/0', 1), 'error', true], ['flaky', spanIdOf('r1', 'step', 'b/0', 2), 'ok', undefined],
    ]);
    expect(spans[0]!.status.message).toBe('boom');
    expect([spans[1]!.startMs, spans[1]!.endMs]).toEqual([5, 6]);
  });

  it('take the start times of a resumed run from its view, and mark interrupted attempts', () => {
    const run = info({ startedAt: 100, startTimes: new Map([['b', 110], ['b/0', 120]]) });
    const spans = feed([
      [300, { type: 'step.interrupted', jobKey: 'b', index: 0, attempt: 1 }],
      [400, { type: 'job.completed', jobKey: 'b', conclusion: 'cancelled', outcome: 'cancelled', outputs: {} }],
      [500, { type: 'run.completed', conclusion: 'cancelled' }],
    ], run);
    expect(spans.map((s) => [s.name, s.startMs, s.endMs, s.status.code])).toEqual([['b/0', 120, 300, 'error'], ['b', 110, 400, 'error'], ['ci', 100, 500, 'error']]);
    expect(spans[0]!.status.message).toMatch(/interrupted/);
  });

  it('give skipped steps and jobs an unset status and a zero length', () => {
    const spans = feed([[7, { type: 'step.completed', jobKey: 'b', index: 1, attempt: 1, name: 'later', outcome: 'skipped', conclusion: 'skipped', outputs: {} }]]);
    expect(spans[0]).toMatchObject({ name: 'later', startMs: 7, endMs: 7, status: { code: 'unset' }, traceId: traceIdOf('r1') });
  });

  it('cut long output values and name the parent run of a called workflow', () => {
    const big = 'x'.repeat(MAX_VALUE_LENGTH * 2);
    const spans = feed([
      [1, { type: 'job.started', jobKey: 'b', attempt: 1 }],
      [2, { type: 'job.completed', jobKey: 'b', conclusion: 'success', outcome: 'success', outputs: { big } }],
      [3, { type: 'run.completed', conclusion: 'success' }],
    ], info({ parent: { runId: 'p1', jobKey: 'call' } }));
    expect(String(spans[0]!.attributes[SC.OUTPUT_VALUE]).length).toBe(MAX_VALUE_LENGTH + 1);
    expect(spans[1]!.attributes['autodevops.parent.run.id']).toBe('p1');
    expect(spans[1]!.attributes['autodevops.parent.job.key']).toBe('call');
    expect(spans[1]!.startMs).toBe(1000);
  });

  it('fails a step span with its error, or a default message', () => {
    const spans = feed([[1, { type: 'step.completed', jobKey: 'b', index: 0, attempt: 1, outcome: 'failure', conclusion: 'success', outputs: {} }]]);
    expect(spans[0]!.status).toEqual({ code: 'error', message: 'the step failed' });
  });

  it('make a step that made model calls an AGENT span, also when the calls came before a resume', () => {
    const view = { id: 'r1', workflowName: 'ai', workflowFile: 'ai.yml', trigger: { event: 'push', payload: {}, inputs: {} }, status: 'running' as const, createdAt: 0, jobs: [{
      key: 'b', jobId: 'b', name: 'b', status: 'running' as const, needs: [], outputs: {}, steps: [
        { key: 'b/1', index: 1, id: 'x', name: 'resumed', status: 'running' as const, attempt: 1, outputs: {}, annotations: [], usage: { calls: 2, promptTokens: 1, completionTokens: 1, costUsd: 0, unpricedCalls: 0 } },
      ] }] };
    const done = (index: number) => ({ type: 'step.completed', jobKey: 'b', index, attempt: 1, outcome: 'success', conclusion: 'success', outputs: {} }) as const;
    const spans = feed([
      [1, { type: 'step.started', jobKey: 'b', index: 0, attempt: 1, name: 'agent', repeatSafe: true }],
      [2, { type: 'step.usage', stepKey: 'b/0', provider: 'openai', model: 'm', prompt: 1, completion: 1 }],
      [3, done(0)], [4, done(1)], [5, done(2)],
    ], runInfoOf(view));
    expect(spans.map((s) => s.attributes[SC.OPENINFERENCE_SPAN_KIND])).toEqual(['AGENT', 'AGENT', 'CHAIN']);
  });

  it('give a post phase the input its main step was written with', () => {
    const workflow = { jobs: [{ id: 'b', steps: [{ uses: 'acme/cache@v1', with: { key: 'k' } }] }] };
    const spans = feed([
      [1, { type: 'step.started', jobKey: 'b', index: 1, attempt: 1, name: 'Post cache', repeatSafe: true, of: 0, phase: 'post' }],
      [2, { type: 'step.completed', jobKey: 'b', index: 1, attempt: 1, of: 0, phase: 'post', outcome: 'success', conclusion: 'success', outputs: {} }],
      [3, { type: 'step.completed', jobKey: 'b', index: 2, attempt: 1, name: 'skipped post', of: 0, phase: 'post', outcome: 'skipped', conclusion: 'skipped', outputs: {} }],
    ], info({ workflow }));
    const input = (i: number) => JSON.parse(String(spans[i]!.attributes[SC.INPUT_VALUE])) as unknown;
    expect(input(0)).toEqual({ step: 'Post cache', attempt: 1, uses: 'acme/cache@v1', with: { key: 'k' } });
    expect(input(1)).toMatchObject({ uses: 'acme/cache@v1' });
  });
});
