/**
 * `durable.record`: a value computed once per step is read back by a re-run after a crash (here: a
 * second engine adopting the run), recomputed by a deliberate retry, and model-call announcements
 * add tokens and cost to the run's view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCall } from '../core/ai-calls.ts';
import type { EngineEvent } from '../core/views.ts';
import { openKeyFileSealer } from '../store/sealer.ts';
import { openHarness, type Harness } from '../../test/support/engine-harness.ts';
import { Engine } from './engine.ts';

let h: Harness;
beforeEach(async () => {
  h = await openHarness({ engine: { leaseMs: 300 } });
});
afterEach(async () => {
  await h.close();
});

async function waitFor(predicate: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const oneStep = (uses: string, env = '') => `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ${uses}\n${env}`;

function call(stepKey: string, prompt: number, completion: number, cost?: number): ModelCall {
  return {
    runId: 'ignored', stepKey, attempt: 1, callId: `c${prompt}`, startedAt: 1, completedAt: 2, provider: 'openai', model: 'gpt-4o',
    input: [{ role: 'user', content: 'hi' }], output: [{ role: 'assistant', content: 'hello' }], usage: { prompt, completion },
    ...(cost !== undefined && { cost: { prompt: cost / 2, completion: cost / 2, total: cost, priceTable: '2026-11' } }),
  };
}

describe('durable.record', () => {
  it('a re-run after a crash reads recorded values instead of computing them again', async () => {
    const computed: string[] = [];
    let hang = true;
    h.registry.register('t/agent', async (ctx) => {
      const first = await ctx.durable.record('turn-1', async () => (computed.push('turn-1'), { text: 'plan' }));
      const second = await ctx.durable.record('turn-2', async () => (computed.push('turn-2'), 42));
      if (hang) await new Promise(() => undefined);
      return { out: `${first.text}:${second}` };
    });
    const id = await h.create(oneStep('t/agent@v1'));
    void h.engine.execute(id);
    await waitFor(() => computed.length === 2);
    await h.engine.close();
    hang = false;
    const other = new Engine({ store: h.store, sealer: openKeyFileSealer({ dataDir: h.dir, env: {} }), registry: h.registry, dataDir: h.dir, pollMs: 20, leaseMs: 300 });
    try {
      await waitFor(async () => (await other.orphans()).includes(id));
      const view = await other.execute(id);
      expect(view.jobs[0]!.steps[0]!.outputs.out).toBe('plan:42');
      expect(computed).toEqual(['turn-1', 'turn-2']);
    } finally {
      await other.close();
    }
  });

  it('a deliberate retry of a failed step computes afresh', async () => {
    let computations = 0;
    h.registry.register('t/flaky', async (ctx) => {
      const n = await ctx.durable.record('answer', async () => ++computations);
      if (n === 1) throw new Error('first answer was bad');
      return { n: String(n) };
    });
    const id = await h.create(oneStep('t/flaky@v1', '        env:\n          AUTODEVOPS_RETRY: "2"\n'));
    const view = await h.engine.execute(id);
    expect(view.conclusion).toBe('success');
    expect(view.jobs[0]!.steps[0]!.outputs.n).toBe('2');
  });
});

describe('model-call announcements', () => {
  it('reach subscribers with the run id and add durable usage totals to the step and run views', async () => {
    const seen: EngineEvent[] = [];
    h.engine.on((e) => void (e.kind !== 'log' && e.kind !== 'history' && seen.push(e)));
    h.registry.register('t/model', (ctx) => {
      ctx.announce({ kind: 'model-call', call: call(ctx.stepKey, 100, 20, 0.01) });
      ctx.announce({ kind: 'model-call', call: call(ctx.stepKey, 50, 5) });
      ctx.announce({ kind: 'tool-call', call: { runId: '', stepKey: ctx.stepKey, attempt: 1, callId: 't1', startedAt: 1, completedAt: 2, name: 'read_file', input: '{}' } });
    });
    const id = await h.create(oneStep('t/model@v1'));
    await h.engine.execute(id);
    const expected = { calls: 2, promptTokens: 150, completionTokens: 25, costUsd: 0.01, unpricedCalls: 1 };
    const view = await h.engine.view(id);
    expect(view.usage).toEqual(expected);
    expect(view.jobs[0]!.steps[0]!.usage).toEqual(expected);
    expect(seen.map((e) => [e.kind, e.runId])).toEqual([['model-call', id], ['model-call', id], ['tool-call', id]]);
    const usage = (await h.store.history(id)).filter((e) => e.type === 'step.usage');
    expect(usage).toHaveLength(2);
    expect(JSON.stringify(usage)).not.toContain('hello');
  });
});
