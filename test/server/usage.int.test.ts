/**
 * `GET …/usage` over a real socket: runs whose steps made (announced) model calls are totalled by
 * workflow, by session (the pull request a run belongs to) and by run, from their durable usage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutableStepRegistry } from '../../src/steps/registry.ts';
import { asJson, startTestServer, type TestServer } from './harness.ts';

const modelWorkflow = `name: ai
on: [push, pull_request, workflow_dispatch]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: t/model@v1
      - uses: t/model@v1
`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ '.github/workflows/ai.yml': modelWorkflow });
  (t.deps.app as unknown as { registry: MutableStepRegistry }).registry.register('t/model', (ctx) => {
    ctx.announce({
      kind: 'model-call',
      call: {
        runId: ctx.runId, stepKey: ctx.stepKey, attempt: 1, callId: 'c1', startedAt: 1, completedAt: 2, provider: 'openai', model: 'gpt-4o',
        input: [], output: [], usage: { prompt: 1000, completion: 100 }, cost: { prompt: 0.0025, completion: 0.001, total: 0.0035, priceTable: '2026-11' },
      },
    });
  });
  await t.register('ai');
  await t.register('ci');
});
afterAll(async () => {
  await t.stop();
});

describe('GET /v1/projects/{project}/usage', () => {
  it('totals tokens and cost by workflow, by session and by run', async () => {
    const pr = await t.dispatch('ai', { event: 'pull_request' });
    const push = await t.dispatch('ai', { event: 'push' });
    const plain = await t.dispatch('ci');
    for (const id of [pr, push, plain]) await t.settle(id);
    const byWorkflow = await (await t.call(t.p('/usage'), { role: 'viewer' })).json().then(asJson);
    expect(byWorkflow.groups).toEqual([
      { key: 'ai', runs: 2, calls: 4, promptTokens: 4000, completionTokens: 400, costUsd: expect.closeTo(0.014, 6), unpricedCalls: 0 },
      { key: 'ci', runs: 1, calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 },
    ]);
    expect(byWorkflow.total).toMatchObject({ runs: 3, calls: 4, costUsd: expect.closeTo(0.014, 6) });
    const byRun = await (await t.call(t.p('/usage?group=run&runs=2'), { role: 'viewer' })).json().then(asJson);
    expect(byRun.groups.map((g: { key: string }) => g.key).sort()).toEqual([plain, push].sort());
    const bySession = await (await t.call(t.p('/usage?group=session'), { role: 'viewer' })).json().then(asJson);
    // Dispatched without a payload, no run names a pull request or issue: one session-less group.
    expect(bySession.groups).toEqual([expect.objectContaining({ key: '(none)', runs: 3, calls: 4 })]);
    expect((await t.call(t.p('/usage?group=nope'), { role: 'viewer' })).status).toBe(400);
  });
});
