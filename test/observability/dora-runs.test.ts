/**
 * The DORA four from real runs: a real engine runs workflows whose jobs deploy (GitHub's
 * `environment:`, or an `autodevops/deploy` step), succeeding and failing; the metrics are parsed
 * from the Prometheus text and compared with the times the runs' own views recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../src/core/views.ts';
import { parseExposition, type Sample } from '../otlp/exposition.ts';
import { openObservedHarness, type ObservedHarness } from './observed-harness.ts';

const RELEASE = `name: release
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo build
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: production
      url: https://example.test
    steps:
      - run: test "$FAIL" != 1
`;
const DISPATCH = `name: ship
on:
  workflow_dispatch:
    inputs:
      target: { type: string, required: true }
jobs:
  ship:
    runs-on: ubuntu-latest
    environment: \${{ inputs.target }}
    steps:
      - run: echo "shipping to \${{ inputs.target }}"
  canary:
    runs-on: ubuntu-latest
    steps:
      - uses: autodevops/deploy@v1
        with:
          environment: canary
`;

const SHA = 'a'.repeat(40);
const commitAt = Date.now() - 2 * 3600_000;
let observed: ObservedHarness;
const views: RunView[] = [];
let samples: Sample[];

beforeAll(async () => {
  observed = await openObservedHarness();
  const { harness } = observed;
  // Stands in for the deploy step to come: the convention counts the job that uses it.
  harness.registry.register('autodevops/deploy', () => ({ deployed: 'yes' }));
  const push = { trigger: { event: 'push', sha: SHA, payload: { after: SHA, head_commit: { id: SHA, timestamp: new Date(commitAt).toISOString() } } } };
  views.push(await harness.run(RELEASE, push));
  views.push(await harness.run(RELEASE, { env: { FAIL: '1' } }));
  views.push(await harness.run(RELEASE, { env: { FAIL: '1' } }));
  views.push(await harness.run(RELEASE));
  views.push(await harness.run(DISPATCH, { trigger: { event: 'workflow_dispatch', inputs: { target: 'staging' } } }));
  await observed.flush();
  samples = parseExposition(await observed.observability.renderMetrics());
});
afterAll(async () => {
  await observed.close();
});

const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
const deployedAt = (view: RunView, job = 'deploy'): number => view.jobs.find((j) => j.key === job)!.completedAt!;

describe('DORA metrics from real runs', () => {
  it('ran two successful and two failed deployments to production, and two others', () => {
    expect(views.map((v) => v.conclusion)).toEqual(['success', 'failure', 'failure', 'success', 'success']);
  });

  it('count deployments by environment, workflow and result (frequency; change failure rate 2 of 4)', () => {
    const production = { environment: 'production', workflow: 'release' };
    expect(value('autodevops_deployments_total', { ...production, result: 'success' })).toBe(2);
    expect(value('autodevops_deployments_total', { ...production, result: 'failure' })).toBe(2);
    expect(value('autodevops_deployments_total', { environment: 'staging', workflow: 'ship', result: 'success' })).toBe(1);
    expect(value('autodevops_deployments_total', { environment: 'canary', workflow: 'ship', result: 'success' })).toBe(1);
    // Jobs without an environment or a deploy step are not deployments.
    const total = samples.filter((s) => s.name === 'autodevops_deployments_total').reduce((n, s) => n + s.value, 0);
    expect(total).toBe(6);
  });

  it('measure lead time from the pushed commit to the successful deployment', () => {
    expect(value('autodevops_lead_time_seconds_count', { environment: 'production' })).toBe(1);
    expect(value('autodevops_lead_time_seconds_sum', { environment: 'production' })).toBeCloseTo((deployedAt(views[0]!) - commitAt) / 1000, 3);
    // Two hours falls in the 4 h bucket, not the 1 h one.
    expect(value('autodevops_lead_time_seconds_bucket', { environment: 'production', le: '3600' })).toBe(0);
    expect(value('autodevops_lead_time_seconds_bucket', { environment: 'production', le: '14400' })).toBe(1);
  });

  it('measure time to restore from the first failed deployment to the next successful one', () => {
    expect(value('autodevops_time_to_restore_seconds_count', { environment: 'production', workflow: 'release' })).toBe(1);
    expect(value('autodevops_time_to_restore_seconds_sum', { environment: 'production' })).toBeCloseTo((deployedAt(views[3]!) - deployedAt(views[1]!)) / 1000, 3);
    expect(value('autodevops_time_to_restore_seconds_count', { environment: 'staging' })).toBeUndefined();
  });

  it('keep labels bounded: environments and workflows, never run ids', () => {
    for (const s of samples) for (const v of Object.values(s.labels)) for (const view of views) expect(v).not.toContain(view.id);
  });
});
