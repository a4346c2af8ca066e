/**
 * A reusable workflow's run in its caller's trace, from a real engine exporting to the local OTLP
 * receiver: the called run's spans nest under the calling job's span, its log lines carry the
 * caller's trace id, and step spans say what each step was written to do (`input.value`) — with
 * expressions unevaluated, so a seeded secret appears in no exported byte.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../src/core/views.ts';
import { runTraceId, spanIdOf, traceIdOf } from '../../src/observability/trace-ids.ts';
import { parseExposition } from '../otlp/exposition.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../otlp/otlp-receiver.ts';
import { openObservedHarness, type ObservedHarness } from './observed-harness.ts';

const SECRET = 'Called-S3cret-2718';
const CALLER = `name: pipeline
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: greet
        run: echo "hi \${{ secrets.TOKEN }}"
      - name: echo
        uses: acme/echo@v1
        with:
          text: hello
  release:
    needs: build
    uses: ./.github/workflows/deploy.yml
    with:
      target: production
    secrets: inherit
`;
const CALLED = `name: deploy
on:
  workflow_call:
    inputs:
      target: { type: string, required: true }
jobs:
  ship:
    runs-on: ubuntu-latest
    environment: \${{ inputs.target }}
    steps:
      - name: ship it
        run: echo "shipping to \${{ inputs.target }} with \${{ secrets.TOKEN }}"
`;

let observed: ObservedHarness;
let receiver: OtlpReceiver;
let caller: RunView;
let called: RunView;
let metrics: string;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const destination = new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)), done()) });
  observed = await openObservedHarness({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, { log: { destination } });
  const { harness } = observed;
  harness.registry.register('acme/echo', (ctx) => ({ echoed: String(ctx.step.with.text) }));
  const workspace = path.join(harness.dir, 'workspace');
  mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(workspace, '.github/workflows/deploy.yml'), CALLED);
  caller = await harness.run(CALLER, { secrets: { TOKEN: SECRET } });
  called = await harness.engine.view(caller.jobs.find((j) => j.key === 'release')!.calls!.runId);
  await observed.flush();
  metrics = await observed.observability.renderMetrics();
});
afterAll(async () => {
  await observed.close();
  await receiver.close();
});

const span = (name: string): ReceivedSpan => {
  const found = receiver.spans.find((s) => s.name === name);
  if (!found) throw new Error(`no span ${name} in ${receiver.spans.map((s) => s.name).join(', ')}`);
  return found;
};
const input = (name: string): unknown => JSON.parse(String(span(name).attributes[SC.INPUT_VALUE]));

describe('a called workflow\'s run', () => {
  it('ran as the caller\'s release job, with the caller recorded as its parent', () => {
    expect([caller.conclusion, called.conclusion]).toEqual(['success', 'success']);
    expect(called.parent).toEqual({ runId: caller.id, jobKey: 'release' });
  });

  it('is exported in the caller\'s trace, its root span a child of the calling job\'s span', async () => {
    expect(new Set(receiver.spans.map((s) => s.traceId))).toEqual(new Set([traceIdOf(caller.id)]));
    expect(await runTraceId(called, (id) => observed.harness.engine.view(id))).toBe(traceIdOf(caller.id));
    // Root spans carry their run's id; the called run's is no longer a root.
    const root = receiver.spans.find((s) => s.attributes['autodevops.run.id'] === called.id)!;
    expect(root.name).toBe('deploy');
    expect(root.parentSpanId).toBe(span('release').spanId);
    expect(span('release').spanId).toBe(spanIdOf(caller.id, 'job', 'release', 1));
    expect(root.attributes).toMatchObject({ 'autodevops.parent.run.id': caller.id, 'autodevops.parent.job.key': 'release' });
    expect(span('ship').parentSpanId).toBe(root.spanId);
    expect(span('ship it').parentSpanId).toBe(span('ship').spanId);
    expect(receiver.spans.filter((s) => s.parentSpanId === '').map((s) => s.name)).toEqual(['pipeline']);
  });

  it('logs with the caller\'s trace id', () => {
    const shipped = logLines.find((l) => l.run_id === called.id && l.event === 'step.completed')!;
    expect(shipped).toMatchObject({ trace_id: traceIdOf(caller.id), span_id: span('ship it').spanId });
  });

  it('counts its environment job as a deployment to the environment its input names', () => {
    const deployments = parseExposition(metrics).filter((s) => s.name === 'autodevops_deployments_total');
    expect(deployments).toEqual([{ name: 'autodevops_deployments_total', labels: { environment: 'production', workflow: 'deploy', result: 'success' }, value: 1 }]);
  });
});

describe('step spans', () => {
  it('carry what the step was written to do as input.value: its script, or the action and its inputs', () => {
    expect(input('greet')).toEqual({ step: 'greet', attempt: 1, run: 'echo "hi ${{ secrets.TOKEN }}"' });
    expect(input('echo')).toEqual({ step: 'echo', attempt: 1, uses: 'acme/echo@v1', with: { text: 'hello' } });
    expect(input('ship it')).toEqual({ step: 'ship it', attempt: 1, run: 'echo "shipping to ${{ inputs.target }} with ${{ secrets.TOKEN }}"' });
  });

  it('never carry the seeded secret, nor does any exported byte or log line', () => {
    expect(receiver.bodies.length).toBeGreaterThan(0);
    for (const body of receiver.bodies) expect(body.includes(SECRET)).toBe(false);
    for (const line of logLines) expect(JSON.stringify(line)).not.toContain(SECRET);
    // The secret did reach the steps: their logs show it masked.
    expect(logLines.some((l) => l.msg === 'hi ***')).toBe(true);
  });
});
