import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../core/events.ts';
import { parseExposition } from '../../test/otlp/exposition.ts';
import { commitTime, deploymentEnvironment } from './deployments.ts';
import { createDora } from './dora.ts';
import type { RunInfo } from './run-info.ts';
import type { JobShape, WorkflowShape } from './workflow-shape.ts';

const job = (more: Partial<JobShape> = {}): JobShape => ({ id: 'deploy', steps: [], ...more });
const deployStep = (w: Record<string, unknown> = {}) => ({ uses: 'autodevops/deploy@v1', with: w });

describe('the deployment convention', () => {
  it('makes a job with an environment, or with an autodevops/deploy step, a deployment', () => {
    expect(deploymentEnvironment(job({ environment: { name: 'production' } }), {})).toBe('production');
    expect(deploymentEnvironment(job({ steps: [{ run: 'make', with: {} }, deployStep({ environment: 'staging' })] }), {})).toBe('staging');
    expect(deploymentEnvironment(job({ steps: [deployStep()] }), {})).toBe('default');
    expect(deploymentEnvironment(job({ steps: [{ uses: 'actions/checkout@v4', with: {} }] }), {})).toBeUndefined();
    expect(deploymentEnvironment(undefined, {})).toBeUndefined();
  });

  it('resolves names written as inputs, counts other expressions as unknown, and keeps labels short', () => {
    expect(deploymentEnvironment(job({ environment: { name: '${{ inputs.target }}' } }), { target: 'eu' })).toBe('eu');
    expect(deploymentEnvironment(job({ environment: { name: '${{github.event.inputs.target}}' } }), { target: 'us' })).toBe('us');
    expect(deploymentEnvironment(job({ environment: { name: '${{ inputs.target }}' } }), {})).toBe('unknown');
    expect(deploymentEnvironment(job({ environment: { name: 'prod-${{ matrix.region }}' } }), {})).toBe('unknown');
    expect(deploymentEnvironment(job({ environment: { name: 'x'.repeat(100) } }), {})).toHaveLength(64);
  });

  it('takes the commit time from a push payload\'s head commit, when it is the commit deployed', () => {
    const trigger = (payload: Record<string, unknown>, sha?: string) => ({ event: 'push', payload, inputs: {}, ...(sha && { sha }) });
    expect(commitTime(trigger({ head_commit: { id: 'abc', timestamp: '2026-01-02T03:04:05+01:00' } }, 'abc'))).toBe(Date.parse('2026-01-02T02:04:05Z'));
    expect(commitTime(trigger({ head_commit: { id: 'abc', timestamp: '2026-01-02T03:04:05Z' } }, 'def'))).toBeUndefined();
    expect(commitTime(trigger({ head_commit: { timestamp: 'yesterday' } }))).toBeUndefined();
    expect(commitTime(trigger({ head_commit: null }))).toBeUndefined();
    expect(commitTime(trigger({}))).toBeUndefined();
  });
});

describe('DORA metrics', () => {
  const workflow: WorkflowShape = { jobs: [job({ environment: { name: 'prod' } }), { id: 'test', steps: [] }] };
  const run = (payload: Record<string, unknown> = {}): RunInfo => ({
    runId: 'r', workflowName: 'release', workflowFile: 'r.yml', trigger: { event: 'push', payload, inputs: {} }, createdAt: 0, traceId: 't', startTimes: new Map(), aiSteps: new Set(), workflow,
  });
  const completed = (jobKey: string, at: number, conclusion: 'success' | 'failure' | 'cancelled') =>
    ({ kind: 'history', runId: 'r', event: { type: 'job.completed', seq: 1, at, jobKey, conclusion, outcome: conclusion, outputs: {} } as HistoryEvent }) as const;

  it('count deployments by result, observe lead time on success and time to restore after failures', async () => {
    const registry = new Registry();
    const dora = createDora(registry);
    dora.observe(completed('deploy', 3_600_000, 'success'), run({ head_commit: { timestamp: new Date(0).toISOString() } }));
    dora.observe(completed('deploy', 4_000_000, 'failure'), run());
    dora.observe(completed('deploy', 4_100_000, 'failure'), run());
    dora.observe(completed('deploy', 4_200_000, 'cancelled'), run());
    dora.observe(completed('test', 4_300_000, 'success'), run());
    dora.observe(completed('deploy', 4_600_000, 'success'), run());
    dora.observe(completed('deploy', 4_700_000, 'success'), run());
    const samples = parseExposition(await registry.metrics());
    const value = (name: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('autodevops_deployments_total', { environment: 'prod', workflow: 'release', result: 'success' })).toBe(3);
    expect(value('autodevops_deployments_total', { result: 'failure' })).toBe(2);
    expect(value('autodevops_lead_time_seconds_count')).toBe(1);
    expect(value('autodevops_lead_time_seconds_sum')).toBe(3600);
    // Restored 600 s after the first of the two failures; the next success restores nothing.
    expect(value('autodevops_time_to_restore_seconds_count')).toBe(1);
    expect(value('autodevops_time_to_restore_seconds_sum')).toBe(600);
  });
});
