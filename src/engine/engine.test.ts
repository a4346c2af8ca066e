import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../test/support/engine-harness.ts';
import { retryable } from '../core/failure.ts';
import type { RunView } from '../core/views.ts';
import type { StepContext } from './ports/step.ts';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(async () => {
  await h.close();
});

const step = (view: RunView, job: string, index: number) => view.jobs.find((j) => j.key === job)!.steps[index]!;
const job = (view: RunView, key: string) => view.jobs.find((j) => j.key === key)!;

describe('sequential steps and outputs', () => {
  it('passes each step output to the next through the steps context', async () => {
    h.registry.register('t/echo', (ctx) => ({ out: `${String(ctx.step.with.in ?? '')}+` }));
    const view = await h.run(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: s1
        uses: t/echo@v1
        with: { in: x }
      - id: s2
        uses: t/echo@v1
        with: { in: "\${{ steps.s1.outputs.out }}" }
`);
    expect(view.status).toBe('completed');
    expect(view.conclusion).toBe('success');
    expect(step(view, 'a', 1).outputs).toEqual({ out: 'x++' });
  });

  it('records history events in order and announces them after they are durable', async () => {
    h.registry.register('t/ok', () => ({}));
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/ok@v1\n');
    const history = await h.store.history(view.id);
    expect(history.map((e) => e.type)).toEqual(['run.created', 'run.started', 'job.expanded', 'job.started', 'step.started', 'step.completed', 'job.completed', 'run.completed']);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const announced = h.events.filter((e) => e.kind === 'history').map((e) => e.kind === 'history' && e.event.seq);
    expect(announced).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('jobs as a DAG', () => {
  it('runs independent jobs in parallel and dependants after them, with needs outputs', async () => {
    const running = new Set<string>();
    let maxSeen = 0;
    h.registry.register('t/slow', async (ctx) => {
      running.add(ctx.jobKey);
      maxSeen = Math.max(maxSeen, running.size);
      await new Promise((r) => setTimeout(r, 40));
      running.delete(ctx.jobKey);
      return { v: ctx.jobKey };
    });
    h.registry.register('t/read', (ctx) => ({ got: String(ctx.step.with.v) }));
    const view = await h.run(`
on: push
jobs:
  a: { runs-on: x, outputs: { v: "\${{ steps.s.outputs.v }}" }, steps: [ { id: s, uses: t/slow@v1 } ] }
  b: { runs-on: x, outputs: { v: "\${{ steps.s.outputs.v }}" }, steps: [ { id: s, uses: t/slow@v1 } ] }
  c:
    runs-on: x
    needs: [a, b]
    steps:
      - uses: t/read@v1
        with: { v: "\${{ needs.a.outputs.v }}-\${{ needs.b.outputs.v }}-\${{ needs.a.result }}" }
`);
    expect(maxSeen).toBe(2);
    expect(step(view, 'c', 0).outputs).toEqual({ got: 'a-b-success' });
  });

  it('bounds parallel jobs by maxParallelJobs', async () => {
    let running = 0;
    let maxSeen = 0;
    h.registry.register('t/slow', async () => {
      maxSeen = Math.max(maxSeen, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
    });
    const jobs = Array.from({ length: 6 }, (_, i) => `  j${i}: { runs-on: x, steps: [ { uses: t/slow@v1 } ] }`).join('\n');
    const view = await h.run(`on: push\njobs:\n${jobs}\n`, { maxParallelJobs: 2 });
    expect(view.conclusion).toBe('success');
    expect(maxSeen).toBe(2);
  });

  it('skips dependants of a failed job unless their if asks for failure() or always()', async () => {
    h.registry.register('t/fail', () => ({ outcome: 'failure', error: 'boom' }));
    h.registry.register('t/ok', () => ({}));
    const view = await h.run(`
on: push
jobs:
  a: { runs-on: x, steps: [ { uses: t/fail@v1 } ] }
  b: { runs-on: x, needs: a, steps: [ { uses: t/ok@v1 } ] }
  c: { runs-on: x, needs: a, if: failure(), steps: [ { uses: t/ok@v1 } ] }
  d: { runs-on: x, needs: b, if: always(), steps: [ { uses: t/ok@v1 } ] }
`);
    expect(view.conclusion).toBe('failure');
    expect(job(view, 'b').conclusion).toBe('skipped');
    expect(job(view, 'c').conclusion).toBe('success');
    expect(job(view, 'd').conclusion).toBe('success');
  });
});

describe('step conditions and continue-on-error', () => {
  it('skips later steps after a failure but runs failure() and always() steps', async () => {
    h.registry.register('t/fail', () => ({ outcome: 'failure', error: 'boom' }));
    h.registry.register('t/ok', () => ({}));
    const view = await h.run(`
on: push
jobs:
  a:
    runs-on: x
    steps:
      - uses: t/fail@v1
      - uses: t/ok@v1
      - if: failure()
        uses: t/ok@v1
      - if: always()
        uses: t/ok@v1
      - if: success()
        uses: t/ok@v1
`);
    expect(job(view, 'a').steps.map((s) => s.conclusion)).toEqual(['failure', 'skipped', 'success', 'success', 'skipped']);
  });

  it('separates outcome from conclusion with continue-on-error', async () => {
    h.registry.register('t/fail', () => ({ outcome: 'failure', error: 'boom' }));
    h.registry.register('t/read', (ctx) => ({ v: String(ctx.step.with.v) }));
    const view = await h.run(`
on: push
jobs:
  a:
    runs-on: x
    steps:
      - id: f
        continue-on-error: true
        uses: t/fail@v1
      - uses: t/read@v1
        with: { v: "\${{ steps.f.outcome }}/\${{ steps.f.conclusion }}" }
`);
    expect(view.conclusion).toBe('success');
    expect(step(view, 'a', 1).outputs.v).toBe('failure/success');
  });

  it('lets a failing job with continue-on-error keep the run green', async () => {
    h.registry.register('t/fail', () => ({ outcome: 'failure' }));
    h.registry.register('t/ok', () => ({}));
    const view = await h.run(`
on: push
jobs:
  a: { runs-on: x, continue-on-error: true, steps: [ { uses: t/fail@v1 } ] }
  b: { runs-on: x, needs: a, steps: [ { uses: t/ok@v1 } ] }
`);
    expect(view.conclusion).toBe('success');
    expect(job(view, 'b').conclusion).toBe('success');
  });

  it('fails a step whose expression cannot be evaluated, naming the step', async () => {
    h.registry.register('t/ok', () => ({}));
    const view = await h.run(`
on: push
jobs:
  a: { runs-on: x, steps: [ { name: bad, if: "fromJSON('{')", uses: t/ok@v1 } ] }
`);
    expect(view.conclusion).toBe('failure');
    expect(step(view, 'a', 0).error).toMatch(/bad/);
  });
});

describe('matrix', () => {
  it('expands include/exclude, names instances like GitHub, and gives the strategy context', async () => {
    h.registry.register('t/m', (ctx) => ({ v: `${JSON.stringify((ctx.contexts.matrix as object))}` }));
    const view = await h.run(`
on: push
jobs:
  build:
    runs-on: x
    strategy:
      matrix:
        node: [18, 20]
        os: [linux, mac]
        exclude: [ { node: 18, os: mac } ]
        include: [ { node: 22, os: linux, extra: yes } ]
    steps: [ { uses: t/m@v1 } ]
`);
    expect(view.jobs.map((j) => j.name)).toEqual(['build (18, linux)', 'build (20, linux)', 'build (20, mac)', 'build (22, linux, yes)']);
    expect(view.conclusion).toBe('success');
  });

  it('cancels the remaining instances under fail-fast and honours max-parallel', async () => {
    let running = 0;
    let maxSeen = 0;
    h.registry.register('t/m', async (ctx) => {
      maxSeen = Math.max(maxSeen, ++running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      if ((ctx.contexts.matrix as { n: number }).n === 1) return { outcome: 'failure' as const };
      return undefined;
    });
    const view = await h.run(`
on: push
jobs:
  build:
    runs-on: x
    strategy: { max-parallel: 1, matrix: { n: [1, 2, 3] } }
    steps: [ { uses: t/m@v1 } ]
`);
    expect(maxSeen).toBe(1);
    expect(view.jobs.map((j) => j.conclusion)).toEqual(['failure', 'cancelled', 'cancelled']);
  });

  it('filters combinations with --matrix', async () => {
    h.registry.register('t/ok', () => ({}));
    const view = await h.run('on: push\njobs:\n  b:\n    runs-on: x\n    strategy: { matrix: { n: [1, 2, 3] } }\n    steps: [ { uses: t/ok@v1 } ]\n', { matrix: { n: '2' } });
    expect(view.jobs.map((j) => j.name)).toEqual(['b (2)']);
  });
});

describe('retries (AUTODEVOPS_RETRY)', () => {
  it('retries a failing step with backoff until it succeeds', async () => {
    let calls = 0;
    h.registry.register('t/flaky', () => {
      calls++;
      if (calls < 3) throw retryable('try again');
      return { ok: 'yes' };
    });
    const view = await h.run(`
on: push
jobs:
  a:
    runs-on: x
    steps:
      - uses: t/flaky@v1
        env: { AUTODEVOPS_RETRY: "attempts=3 delay=10ms factor=2 jitter=0" }
`);
    expect(view.conclusion).toBe('success');
    expect(step(view, 'a', 0).attempt).toBe(3);
    const retries = (await h.store.history(view.id)).filter((e) => e.type === 'step.retry-scheduled');
    // Backoff 10 ms then 20 ms (factor 2, no jitter).
    expect(retries.map((e) => e.type === 'step.retry-scheduled' && e.delayMs)).toEqual([10, 20]);
    for (const e of retries) if (e.type === 'step.retry-scheduled') expect(e.fireAt).toBeGreaterThanOrEqual(e.at + e.delayMs! - 2);
  });

  it('gives up after the last attempt', async () => {
    h.registry.register('t/fail', () => ({ outcome: 'failure', error: 'nope' }));
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    env: { AUTODEVOPS_RETRY: "1" }\n    steps: [ { uses: t/fail@v1, env: { AUTODEVOPS_RETRY: "attempts=2 delay=1ms" } } ]\n');
    expect(view.conclusion).toBe('failure');
    expect(step(view, 'a', 0).attempt).toBe(2);
  });

  it('retries a whole job with AUTODEVOPS_JOB_RETRY', async () => {
    let calls = 0;
    h.registry.register('t/flaky', () => (++calls === 1 ? { outcome: 'failure' as const } : undefined));
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    env: { AUTODEVOPS_JOB_RETRY: "attempts=2 delay=1ms" }\n    steps: [ { uses: t/flaky@v1 } ]\n');
    expect(view.conclusion).toBe('success');
    expect(calls).toBe(2);
  });
});

describe('approval, waits and cancellation', () => {
  it('waits for an approval step and continues once approved by an allowed approver', async () => {
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: gate\n        uses: autodevops/approval@v1\n        with: { approvers: "alice, bob" }\n');
    const done = h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).status === 'waiting');
    await expect(h.engine.command(id, 'approve', { approve: true, by: 'mallory' })).rejects.toMatchObject({ code: 'ADO_APPROVAL_DENIED' });
    await h.engine.command(id, 'approve', { approve: true, by: 'alice', comment: 'ship it' });
    const view = await done;
    expect(view.conclusion).toBe('success');
    expect(step(view, 'a', 0).outputs).toEqual({ approved: 'true', approver: 'alice', comment: 'ship it' });
  });

  it('fails the step when the approval is rejected', async () => {
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: autodevops/approval@v1\n');
    const done = h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).status === 'waiting');
    await h.engine.command(id, 'approve', { approve: false, by: 'carol', comment: 'not today' });
    const view = await done;
    expect(view.conclusion).toBe('failure');
    expect(step(view, 'a', 0).error).toMatch(/Rejected by carol: not today/);
  });

  it('resumes a wait-for-event step on a signal with its payload', async () => {
    h.registry.register('t/read', (ctx) => ({ v: String(ctx.step.with.v) }));
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: w\n        uses: autodevops/wait@v1\n        with: { event: deployed }\n      - uses: t/read@v1\n        with: { v: "${{ fromJSON(steps.w.outputs.payload).version }}" }\n');
    const done = h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).status === 'waiting');
    await expect(h.engine.command(id, 'signal', { name: 'other' })).rejects.toMatchObject({ code: 'ADO_RUN_STATE' });
    await h.engine.command(id, 'signal', { name: 'deployed', payload: { version: '1.2.3' } });
    expect(step(await done, 'a', 1).outputs.v).toBe('1.2.3');
  });

  it('sleeps durably for a duration', async () => {
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: autodevops/wait@v1\n        with: { duration: 50ms }\n');
    expect(view.conclusion).toBe('success');
    const wait = (await h.store.history(view.id)).find((e) => e.type === 'wait.started');
    expect(wait).toMatchObject({ kind: 'timer' });
  });

  it('cancels a running step, runs always() steps, and concludes cancelled', async () => {
    h.registry.register('t/forever', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    h.registry.register('t/ok', () => ({}));
    const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/forever@v1\n      - uses: t/ok@v1\n      - if: always()\n        uses: t/ok@v1\n      - if: cancelled()\n        uses: t/ok@v1\n');
    const done = h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).jobs[0]?.steps[0]?.status === 'running');
    await h.engine.command(id, 'cancel', { reason: 'test' });
    const view = await done;
    expect(view.conclusion).toBe('cancelled');
    expect(job(view, 'a').steps.map((s) => s.conclusion)).toEqual(['cancelled', 'skipped', 'success', 'success']);
  });

  it('fails a step that exceeds timeout-minutes', async () => {
    h.registry.register('t/forever', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/forever@v1\n        timeout-minutes: 0.001\n');
    expect(view.conclusion).toBe('failure');
    expect(step(view, 'a', 0).error).toMatch(/exceeded its timeout/);
  });

  it('gates a job on its environment when approvers are configured', async () => {
    await h.close();
    h = await openHarness({ engine: { environments: { production: { approvers: ['alice'] } } } });
    h.registry.register('t/ok', () => ({}));
    const id = await h.create('on: push\njobs:\n  deploy:\n    runs-on: x\n    environment: production\n    steps: [ { uses: t/ok@v1 } ]\n');
    const done = h.engine.execute(id);
    await waitFor(async () => (await h.engine.view(id)).status === 'waiting');
    expect(job(await h.engine.view(id), 'deploy').waitingFor?.approvers).toEqual(['alice']);
    await h.engine.command(id, 'approve', { approve: true, by: 'alice' });
    expect((await done).conclusion).toBe('success');
  });
});

describe('secrets', () => {
  it('masks secrets in logs and seals outputs that hold them', async () => {
    h.registry.register('t/leak', (ctx) => {
      ctx.log('stdout', `token is ${String(ctx.step.with.t)}\n`);
      return { out: String(ctx.step.with.t) };
    });
    h.registry.register('t/read', (ctx) => ({ same: String(ctx.step.with.v === 's3cr3t-value') }));
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: l\n        uses: t/leak@v1\n        with: { t: "${{ secrets.TOKEN }}" }\n      - uses: t/read@v1\n        with: { v: "${{ steps.l.outputs.out }}" }\n', { secrets: { TOKEN: 's3cr3t-value' } });
    expect(await h.logs(view.id)).toContain('token is ***');
    const stored = JSON.stringify(await h.store.history(view.id)) + (await h.logs(view.id));
    expect(stored).not.toContain('s3cr3t-value');
    expect(step(view, 'a', 1).outputs.same).toBe('true');
  });
});

describe('secrets in failures', () => {
  it('masks a secret quoted by a thrown error, in history and logs, also when the step is retried', async () => {
    h.registry.register('t/throws', (ctx) => {
      throw new Error(`request to https://api.example/?token=${String(ctx.step.with.t)} failed`);
    });
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/throws@v1\n        env: { AUTODEVOPS_RETRY: "attempts=2 delay=1ms" }\n        with: { t: "${{ secrets.TOKEN }}" }\n', { secrets: { TOKEN: 'tok-abc-123-secret' } });
    expect(view.conclusion).toBe('failure');
    expect(step(view, 'a', 0).error).toContain('token=***');
    const stored = JSON.stringify(await h.store.history(view.id)) + (await h.logs(view.id));
    expect(stored).not.toContain('tok-abc-123-secret');
  });
});

async function waitFor(predicate: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('post phases', () => {
  it('runs post phases after the last step, in reverse order, with the state the main phase saved', async () => {
    const order: string[] = [];
    const withPost = (name: string) => ({
      async execute() {
        order.push(`main ${name}`);
        return { outcome: 'success' as const, state: { saved: name }, post: { name: `Post ${name}` } };
      },
      async post(ctx: StepContext) {
        order.push(`post ${name} ${ctx.state.saved}`);
        return { outcome: 'success' as const };
      },
    });
    h.registry.register('t/one', withPost('one'));
    h.registry.register('t/two', withPost('two'));
    h.registry.register('t/fail', () => ({ outcome: 'failure' }));
    h.registry.register('t/success-only', { ...withPost('guarded'), async execute() { order.push('main guarded'); return { outcome: 'success' as const, post: { name: 'Post guarded', if: 'success()' } }; } });
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/one@v1\n      - uses: t/success-only@v1\n      - uses: t/two@v1\n      - uses: t/fail@v1\n');
    expect(order).toEqual(['main one', 'main guarded', 'main two', 'post two two', 'post one one']);
    const steps = view.jobs[0]!.steps;
    expect(steps.map((s) => `${s.name}:${s.conclusion}`)).toEqual([
      'Run t/one@v1:success', 'Run t/success-only@v1:success', 'Run t/two@v1:success', 'Run t/fail@v1:failure',
      'Post two:success', 'Post guarded:skipped', 'Post one:success',
    ]);
    expect(view.conclusion).toBe('failure');
  });

  it('runs pre phases before the first step, in step order, honouring pre-if, and hands their state to the main phase', async () => {
    const order: string[] = [];
    const withPre = (name: string, condition = 'always()') => ({
      async hasPre(step: { with: Record<string, unknown> }) {
        return step.with.skipPre ? undefined : { if: condition };
      },
      async pre() {
        order.push(`pre ${name}`);
        return { outcome: 'success' as const, state: { from: `pre-${name}` } };
      },
      async execute(ctx: StepContext) {
        order.push(`main ${name} ${ctx.state.from ?? '-'}`);
        return { outcome: 'success' as const };
      },
    });
    h.registry.register('t/a', withPre('a'));
    h.registry.register('t/b', withPre('b', 'failure()'));
    h.registry.register('t/c', withPre('c'));
    h.registry.register('t/plain', () => {
      order.push('plain');
    });
    const view = await h.run('on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: t/plain@v1\n      - uses: t/a@v1\n      - uses: t/b@v1\n      - uses: t/c@v1\n        with: { skipPre: true }\n');
    expect(order).toEqual(['pre a', 'plain', 'main a pre-a', 'main b -', 'main c -']);
    expect(view.jobs[0]!.steps.map((s) => `${s.name}:${s.conclusion}`)).toEqual([
      'Pre Run t/a@v1:success', 'Pre Run t/b@v1:skipped', 'Run t/plain@v1:success', 'Run t/a@v1:success', 'Run t/b@v1:success', 'Run t/c@v1:success',
    ]);
  });

  it('skips jobs listed in skipJobs with the reason', async () => {
    h.registry.register('t/ok', () => undefined);
    const view = await h.run('on: push\njobs:\n  a: { runs-on: x, steps: [ { uses: t/ok@v1 } ] }\n  b: { runs-on: windows-latest, steps: [ { uses: t/ok@v1 } ] }\n', { skipJobs: { b: 'needs a Windows host' } });
    expect(view.jobs.map((j) => `${j.key}:${j.conclusion}`)).toEqual(['a:success', 'b:skipped']);
    const skipped = (await h.store.history(view.id)).find((e) => e.type === 'job.skipped');
    expect(skipped).toMatchObject({ jobId: 'b', reason: 'needs a Windows host' });
  });
});

describe('malformed extension settings', () => {
  it('says in the log why a malformed AUTODEVOPS_RETRY was not applied', async () => {
    h.registry.register('t/fail', () => ({ outcome: 'failure' }));
    const view = await h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: t/fail@v1\n        env: { AUTODEVOPS_RETRY: "tries=3" }\n');
    expect(view.conclusion).toBe('failure');
    expect(view.jobs[0]!.steps[0]!.attempt).toBe(1);
    expect(await h.logs(view.id)).toMatch(/warning: steps\[0\]\.env\.AUTODEVOPS_RETRY: unknown key "tries".*using the default/);
  });
});
