/**
 * Engine behaviour across processes and runs, in one process: two Engine instances on one store
 * stand for two processes (different owners). Covers recovery by lease expiry, concurrency groups,
 * job timeouts, --job selection and retry of failed jobs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../test/support/engine-harness.ts';
import { Engine } from './engine.ts';
import { openKeyFileSealer } from '../store/sealer.ts';

let h: Harness;
beforeEach(async () => {
  h = await openHarness({ engine: { leaseMs: 300 } });
});
afterEach(async () => {
  await h.close();
});

async function waitFor(predicate: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A second engine on the same store: another "process" (its own owner id). */
function otherEngine(): Engine {
  return new Engine({ store: h.store, sealer: openKeyFileSealer({ dataDir: h.dir, env: {} }), registry: h.registry, dataDir: h.dir, pollMs: 20, leaseMs: 300 });
}

describe('recovery', () => {
  it('adopts a run whose owner stopped renewing its lease, re-running only the interrupted step', async () => {
    const ran: string[] = [];
    let release!: () => void;
    h.registry.register('t/mark', (ctx) => {
      ran.push(ctx.stepKey);
    });
    h.registry.register('t/hang', (ctx) => {
      ran.push(ctx.stepKey);
      if (ran.filter((k) => k === ctx.stepKey).length === 1) return new Promise<void>((r) => (release = r));
      return undefined;
    });
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/mark@v1\n      - uses: t/hang@v1\n      - uses: t/mark@v1\n');
    void h.engine.execute(id);
    await waitFor(async () => ran.length === 2);
    // The first "process" freezes: it stops renewing (as if its host vanished).
    await h.engine.close();
    const other = otherEngine();
    try {
      await waitFor(async () => (await other.orphans()).includes(id));
      const view = await other.execute(id);
      expect(view.conclusion).toBe('success');
      expect(ran).toEqual(['a/0', 'a/1', 'a/1', 'a/2']);
      const types = (await h.store.history(id)).map((e) => e.type);
      expect(types.filter((t) => t === 'step.interrupted')).toHaveLength(1);
    } finally {
      release?.();
      await other.close();
    }
  });

  it('refuses to execute a run another live process owns', async () => {
    h.registry.register('t/hang', () => new Promise(() => undefined));
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps: [ { uses: t/hang@v1 } ]\n');
    void h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).status === 'running');
    const other = otherEngine();
    try {
      expect(await other.orphans()).not.toContain(id);
      await expect(other.execute(id)).rejects.toMatchObject({ code: 'ADO_RUN_STATE' });
      await expect(other.view('nope')).rejects.toMatchObject({ code: 'ADO_RUN_NOT_FOUND' });
    } finally {
      await other.close();
    }
  });
});

describe('concurrency groups', () => {
  const wf = (cancel: boolean): string => `on: push\nconcurrency:\n  group: deploy-\${{ github.ref }}\n  cancel-in-progress: ${cancel}\njobs:\n  a:\n    runs-on: x\n    steps: [ { uses: t/hold@v1 } ]\n`;

  it('cancel-in-progress cancels the running run of the group', async () => {
    h.registry.register('t/hold', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    const first = await h.create(wf(true), { trigger: { ref: 'refs/heads/main' } });
    const firstDone = h.engine.execute(first);
    await waitFor(async () => (await h.engine.view(first)).status === 'running');
    h.registry.register('t/hold', () => undefined);
    const second = await h.create(wf(true), { trigger: { ref: 'refs/heads/main' } });
    const secondView = await h.engine.execute(second);
    expect((await firstDone).conclusion).toBe('cancelled');
    expect(secondView.conclusion).toBe('success');
  });

  it('without cancel-in-progress the new run waits for the running one', async () => {
    let release!: () => void;
    h.registry.register('t/hold', () => new Promise<void>((r) => (release = r)));
    const first = await h.create(wf(false), { trigger: { ref: 'refs/heads/main' } });
    const firstDone = h.engine.execute(first);
    await waitFor(async () => (await h.engine.view(first)).status === 'running');
    const second = await h.create(wf(false), { trigger: { ref: 'refs/heads/main' } });
    const secondDone = h.engine.execute(second);
    await new Promise((r) => setTimeout(r, 150));
    expect((await h.engine.view(second)).status).toBe('queued');
    h.registry.register('t/hold', () => undefined);
    release();
    expect((await firstDone).conclusion).toBe('success');
    expect((await secondDone).conclusion).toBe('success');
    const history = await h.store.history(second);
    const started = history.find((e) => e.type === 'run.started')!;
    const firstEnd = (await h.store.history(first)).find((e) => e.type === 'run.completed')!;
    expect(started.at).toBeGreaterThanOrEqual(firstEnd.at);
  });

  it('a queued run can be cancelled before it starts', async () => {
    h.registry.register('t/hold', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    const first = await h.create(wf(false));
    const firstDone = h.engine.execute(first);
    await waitFor(async () => (await h.engine.view(first)).status === 'running');
    const second = await h.create(wf(false));
    const secondDone = h.engine.execute(second);
    await waitFor(async () => (await h.engine.view(second)).status === 'queued');
    await h.engine.command(second, 'cancel', { reason: 'not needed' });
    expect((await secondDone).conclusion).toBe('cancelled');
    await h.engine.command(first, 'cancel', {});
    expect((await firstDone).conclusion).toBe('cancelled');
  });
});

describe('job timeout, selection and retry of failed jobs', () => {
  it('fails a job that exceeds its timeout-minutes and still runs its always() steps', async () => {
    h.registry.register('t/hang', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    h.registry.register('t/ok', () => undefined);
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 0.002\n    steps:\n      - uses: t/hang@v1\n      - uses: t/ok@v1\n      - if: always()\n        uses: t/ok@v1\n');
    const job = view.jobs[0]!;
    expect(job.conclusion).toBe('failure');
    expect(job.error).toMatch(/exceeded its timeout/);
    expect(job.steps.map((s) => s.conclusion)).toEqual(['failure', 'skipped', 'success']);
  });

  it('runs only the selected jobs and what they need', async () => {
    h.registry.register('t/ok', () => undefined);
    const view = await h.run('on: push\njobs:\n  a: { runs-on: x, steps: [ { uses: t/ok@v1 } ] }\n  b: { runs-on: x, needs: a, steps: [ { uses: t/ok@v1 } ] }\n  c: { runs-on: x, steps: [ { uses: t/ok@v1 } ] }\n', { jobs: ['b'] });
    expect(view.jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['a:success', 'b:success', 'c:skipped']);
    await expect(h.run('on: push\njobs:\n  a: { runs-on: x, steps: [ { uses: t/ok@v1 } ] }\n', { jobs: ['zzz'] })).rejects.toMatchObject({ code: 'ADO_USAGE' });
  });

  it('retry --failed keeps the successful jobs and re-runs the rest', async () => {
    let attempts = 0;
    const ran: string[] = [];
    h.registry.register('t/ok', (ctx) => {
      ran.push(ctx.jobKey);
    });
    h.registry.register('t/flaky', () => (++attempts === 1 ? { outcome: 'failure' as const } : undefined));
    const text = 'on: push\njobs:\n  good: { runs-on: x, outputs: { v: "${{ steps.s.outputs.v }}" }, steps: [ { id: s, uses: t/ok@v1 } ] }\n  flaky: { runs-on: x, needs: good, steps: [ { uses: t/flaky@v1 } ] }\n';
    const first = await h.run(text);
    expect(first.conclusion).toBe('failure');
    const input = { source: { file: 'test.yml', text }, workflow: await h.engine.workflowOf({ file: 'test.yml', text }), trigger: { event: 'push', payload: {}, inputs: {} }, options: (await h.engine.view(first.id)) && { workdir: h.dir, jobs: [], matrix: {}, env: {}, vars: {}, maxParallelJobs: 2, secretNames: [] }, secrets: {} };
    const retryId = await h.engine.createRun(input, { reuseFrom: first.id });
    const second = await h.engine.execute(retryId);
    expect(second.conclusion).toBe('success');
    expect(ran).toEqual(['good']);
    expect(second.jobs.find((j) => j.key === 'good')!.conclusion).toBe('success');
  });
});

describe('job-level concurrency groups', () => {
  const wf = (cancel: boolean): string => `on: push\njobs:\n  build:\n    runs-on: x\n    steps: [ { uses: t/ok@v1 } ]\n  deploy:\n    needs: build\n    runs-on: x\n    concurrency:\n      group: deploy-\${{ github.ref }}\n      cancel-in-progress: ${cancel}\n    steps: [ { uses: t/hold@v1 } ]\n`;

  it('lets one job of the group run at a time across runs; the next starts when it ends', async () => {
    h.registry.register('t/ok', () => undefined);
    let release!: () => void;
    const running: string[] = [];
    h.registry.register('t/hold', (ctx) => {
      running.push(ctx.runId);
      return new Promise<void>((r) => (release = r));
    });
    const first = await h.create(wf(false), { trigger: { ref: 'refs/heads/main' } });
    const firstDone = h.engine.execute(first);
    await waitFor(async () => running.length === 1);
    const second = await h.create(wf(false), { trigger: { ref: 'refs/heads/main' } });
    const secondDone = h.engine.execute(second);
    await waitFor(async () => (await h.engine.view(second)).jobs.find((j) => j.key === 'build')?.conclusion === 'success');
    await new Promise((r) => setTimeout(r, 100));
    expect(running).toEqual([first]);
    expect((await h.engine.view(second)).jobs.find((j) => j.key === 'deploy')?.status).toBe('pending');
    release();
    await firstDone;
    await waitFor(async () => running.length === 2);
    release();
    expect((await secondDone).conclusion).toBe('success');
    expect(running).toEqual([first, second]);
  });

  it('cancel-in-progress cancels the run holding the group', async () => {
    h.registry.register('t/ok', () => undefined);
    h.registry.register('t/hold', (ctx) => (ctx.runId.endsWith('keep') ? undefined : new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))));
    const first = await h.create(wf(true));
    const firstDone = h.engine.execute(first);
    await waitFor(async () => (await h.engine.view(first)).jobs.find((j) => j.key === 'deploy')?.status === 'running');
    h.registry.register('t/hold', () => undefined);
    const second = await h.create(wf(true));
    expect((await h.engine.execute(second)).conclusion).toBe('success');
    expect((await firstDone).conclusion).toBe('cancelled');
  });
});

describe('waits across a restart', () => {
  it('an approval given after the waiting process stopped is applied when the run is continued', async () => {
    const ran: string[] = [];
    h.registry.register('t/after', () => {
      ran.push('after');
    });
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: autodevops/approval@v1\n      - uses: t/after@v1\n');
    void h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).status === 'waiting');
    await h.engine.close();
    const other = otherEngine();
    try {
      await other.command(id, 'approve', { approve: true, by: 'alice' });
      const view = await other.execute(id);
      expect(view.conclusion).toBe('success');
      expect(view.jobs[0]!.steps[0]!.outputs).toMatchObject({ approved: 'true', approver: 'alice' });
      expect(ran).toEqual(['after']);
      expect(await h.store.pendingCommands([id])).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
