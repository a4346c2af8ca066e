import { describe, expect, it } from 'vitest';
import type { RunView } from '../../core/views.ts';
import { createColors } from '../colors.ts';
import { createdView, failingRun, t0 } from '../testing/fixtures.ts';
import { renderRunDetails } from './run-details.ts';

const c = createColors(false);

describe('renderRunDetails', () => {
  it('shows the run, each job with its steps, errors and annotations', () => {
    expect(renderRunDetails(failingRun('01jabc').final, c, t0 + 9000)).toBe(`Run 01jabc  ci (.github/workflows/ci.yml)
event: push   status: completed · failure   created: 2023-11-14T22:13:20.000Z   duration: 3.8s

✗ build  failure  3.7s
    ✓ Checkout  1.2s  build/0
    ✗ Test  2.5s  build/1
        error: Process completed with exit code 1.
        error a.test.ts:3:5: expected 1 to be 2

○ deploy  skipped  needs: build

`);
  });

  it('shows inputs, outputs, attempts, continue-on-error, step summaries, waits and decisions', () => {
    const view: RunView = createdView('01jw', [{ key: 'deploy' }], 'workflow_dispatch');
    Object.assign(view, { status: 'needs-decision', needsDecision: { stepKey: 'deploy/1', reason: 'not safe to repeat' } });
    view.trigger.inputs = { env: 'prod', dry: false };
    Object.assign(view.jobs[0]!, { status: 'waiting', startedAt: t0, outputs: { url: 'https://x' }, summary: '## Deployed\nall good\n' });
    view.jobs[0]!.steps.push(
      { key: 'deploy/0', index: 0, id: 'lint', name: 'Lint', status: 'completed', outcome: 'failure', conclusion: 'success', attempt: 2, startedAt: t0, completedAt: t0 + 100, outputs: { note: 'a\nb' }, annotations: [] },
      { key: 'deploy/1', index: 1, id: 'gate', name: 'Gate', status: 'waiting', attempt: 1, startedAt: t0, outputs: {}, annotations: [], waitingFor: { kind: 'approval', approvers: ['alice', 'bob'] } },
    );
    expect(renderRunDetails(view, c, t0 + 1000)).toBe(`Run 01jw  ci (.github/workflows/ci.yml)
event: workflow_dispatch   status: needs-decision   created: 2023-11-14T22:13:20.000Z
inputs: env=prod dry=false
⏸ deploy › Gate waits for approval by alice, bob
  approve: autodevops approve 01jw
  reject:  autodevops approve 01jw --reject
! step deploy/1 needs a decision: not safe to repeat
  decide: autodevops resume 01jw --decision retry|skip|fail

⏸ deploy  waiting  1.0s
    ✓ Lint  0.1s  attempt 2  failed, continue-on-error  deploy/0
        outputs:
          note="a\\nb"
    ⏸ Gate  1.0s  deploy/1
    outputs:
      url=https://x
    summary:
      ## Deployed
      all good

`);
  });

  it('shows the run\'s trace id, for finding it in Phoenix, Langfuse or Jaeger', () => {
    const view: RunView = { ...failingRun('01jt').final, traceId: '0af7651916cd43dd8448eb211c80319c' };
    expect(renderRunDetails(view, c, t0 + 9000).split('\n')[2]).toBe('trace: 0af7651916cd43dd8448eb211c80319c');
  });

  it('lists the run\'s artifacts with their number of files and size', () => {
    const view: RunView = { ...failingRun('01jart').final, artifacts: [{ name: 'dist', size: 1234, files: 3 }, { name: 'log', size: 10, files: 1 }, { name: 'big', size: 5_400_000, files: 2 }] };
    expect(renderRunDetails(view, c, t0 + 9000)).toContain('artifacts:\n  dist  3 files, 1.2 kB\n  log   1 file, 10 B\n  big   2 files, 5.4 MB\n');
  });

  it('shows the model usage and cost of the run and of each AI step', () => {
    const view: RunView = failingRun('01ju').final;
    view.usage = { calls: 3, promptTokens: 12_000, completionTokens: 900, costUsd: 0.0412, unpricedCalls: 1 };
    view.jobs[0]!.steps[1]!.usage = { calls: 3, promptTokens: 12_000, completionTokens: 900, costUsd: 0.0412, unpricedCalls: 1 };
    const lines = renderRunDetails(view, c, t0 + 9000).split('\n');
    expect(lines[2]).toBe('usage: 3 model calls · 12,000 prompt + 900 completion tokens · $0.0412 (+ 1 call without a price)');
    expect(lines[lines.indexOf('    ✗ Test  2.5s  build/1') + 1]).toBe('        usage: 3 model calls · 12,000 prompt + 900 completion tokens · $0.0412 (+ 1 call without a price)');
  });
});

