/**
 * End to end: a real workflow run through openApp with tracing on, exported over OTLP/HTTP to a
 * loopback receiver that decodes the protobuf bodies; the span tree, kinds and attributes; a
 * seeded secret appears in no span, metric text or log line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SemanticConventions as SC, SEMRESATTRS_PROJECT_NAME } from '@arizeai/openinference-semantic-conventions';
import { openApp } from '../app.ts';
import type { RunView } from '../core/views.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../test/otlp/otlp-receiver.ts';
import { parseExposition } from '../../test/otlp/exposition.ts';
import { spanIdOf, traceIdOf } from './trace-ids.ts';

const SECRET = 'S3cr3t-Value-4711';
const WORKFLOW = `name: traced
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: greet
        id: greet
        run: |
          echo "token is \${{ secrets.TOKEN }}"
          echo "value=\${{ secrets.TOKEN }}-x" >> "$GITHUB_OUTPUT"
      - name: echo
        uses: acme/echo@v1
        with:
          text: hello
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - name: fails
        run: echo "bad \${{ secrets.TOKEN }}" && exit 3
`;

let dir: string;
let receiver: OtlpReceiver;
let view: RunView;
let metricsText: string;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-trace-'));
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(dir, '.github/workflows/ci.yml'), WORKFLOW);
  writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ number: 42, pull_request: { number: 42, head: { ref: 'feat/x' } } }));
  receiver = await startOtlpReceiver();
  const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(...chunk.toString().split('\n').filter(Boolean)), done()) });
  const env = { PATH: process.env.PATH, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, PHOENIX_PROJECT_NAME: 'obs-test' };
  const app = await openApp({
    cwd: dir, env, engine: { pollMs: 20 }, observability: { log: { destination } },
    steps: { 'acme/echo': (ctx) => ({ echoed: `${String(ctx.step.with.text)} ${SECRET}` }) },
  });
  const { runId, done } = await app.startRun({ workflowPath: '.github/workflows/ci.yml', event: 'pull_request', eventPath: 'event.json', secrets: { TOKEN: SECRET } });
  await done;
  view = await app.getRun(runId);
  metricsText = await app.renderMetrics();
  await app.close();
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

function span(name: string): ReceivedSpan {
  const found = receiver.spans.find((s) => s.name === name);
  if (!found) throw new Error(`no span ${name} in ${receiver.spans.map((s) => s.name).join(', ')}`);
  return found;
}

describe('traces of a run', () => {
  it('are one trace whose id is derived from the run id, shown in the run view', () => {
    expect(view.traceId).toBe(traceIdOf(view.id));
    expect(new Set(receiver.spans.map((s) => s.traceId))).toEqual(new Set([view.traceId]));
  });

  it('nest run → job → step, each a CHAIN span', () => {
    const run = span('traced');
    expect(run.parentSpanId).toBe('');
    expect(run.spanId).toBe(spanIdOf(view.id, 'run'));
    for (const job of ['build', 'test']) expect(span(job).parentSpanId).toBe(run.spanId);
    expect(span('greet').parentSpanId).toBe(span('build').spanId);
    expect(span('echo').parentSpanId).toBe(span('build').spanId);
    expect(span('fails').parentSpanId).toBe(span('test').spanId);
    for (const s of receiver.spans) expect(s.attributes[SC.OPENINFERENCE_SPAN_KIND]).toBe('CHAIN');
    for (const s of receiver.spans) expect(s.endNs >= s.startNs).toBe(true);
  });

  it('carry the session, the project, input and output values', () => {
    const run = span('traced');
    expect(run.resource[SEMRESATTRS_PROJECT_NAME]).toBe('obs-test');
    expect(run.attributes[SC.SESSION_ID]).toBe('pr:42');
    expect(JSON.parse(String(run.attributes[SC.INPUT_VALUE]))).toMatchObject({ event: 'pull_request' });
    expect(JSON.parse(String(run.attributes[SC.OUTPUT_VALUE]))).toEqual({ conclusion: 'failure' });
    expect(JSON.parse(String(span('greet').attributes[SC.OUTPUT_VALUE]))).toMatchObject({ conclusion: 'success', outputs: { value: '***-x' } });
  });

  it('mark failures as errors with their message', () => {
    expect(span('fails').status).toEqual({ code: 2, message: expect.stringContaining('3') });
    expect(span('test').status.code).toBe(2);
    expect(span('traced').status.code).toBe(2);
    expect(span('build').status.code).toBe(1);
  });
});

describe('a secret seeded into the run', () => {
  it('appears in no exported span, metric text or log line', () => {
    expect(receiver.bodies.length).toBeGreaterThan(0);
    for (const body of receiver.bodies) expect(body.includes(SECRET)).toBe(false);
    expect(metricsText).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(SECRET);
  });
});

describe('logs', () => {
  it('are JSON lines carrying the trace and span ids of the spans', () => {
    const records = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const greet = records.find((r) => r.event === 'step.completed' && r.key === 'build/0')!;
    expect(greet).toMatchObject({ trace_id: view.traceId, span_id: span('greet').spanId, run_id: view.id });
    const output = records.find((r) => typeof r.msg === 'string' && r.msg.includes('token is'))!;
    expect(output).toMatchObject({ span_id: span('greet').spanId, msg: 'token is ***' });
  });
});

describe('metrics', () => {
  it('count the run by workflow and conclusion, without ids in labels', () => {
    const samples = parseExposition(metricsText);
    expect(samples.find((s) => s.name === 'autodevops_runs_total')).toEqual({ name: 'autodevops_runs_total', labels: { workflow: 'traced', conclusion: 'failure' }, value: 1 });
    expect(samples.find((s) => s.name === 'autodevops_step_duration_seconds_count' && s.labels.conclusion === 'success')?.value).toBe(2);
    expect(samples.find((s) => s.name === 'autodevops_run_queue_wait_seconds_count')?.value).toBe(1);
    expect(samples.find((s) => s.name === 'autodevops_active_runs')?.value).toBe(0);
    for (const s of samples) for (const v of Object.values(s.labels)) expect(v).not.toContain(view.id);
  });
});
