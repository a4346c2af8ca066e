import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createDoraMetrics } from './dora.ts';

describe('DORA metrics (stub fed by future deploy events)', () => {
  it('count deployments and failures and observe lead time and time to restore', async () => {
    const registry = new Registry();
    const dora = createDoraMetrics(registry);
    dora.recordDeployment({ environment: 'prod', result: 'success', deployedAt: 3_600_000, firstCommitAt: 0 });
    dora.recordDeployment({ environment: 'prod', result: 'failure', deployedAt: 10, causedFailure: true });
    dora.recordDeployment({ environment: 'prod', result: 'success', deployedAt: 600_000, restoresFailureFrom: 0 });
    const json = await registry.getMetricsAsJSON();
    const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
      json.find((m) => m.name === name)?.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l))?.value;
    expect(value('autodevops_deployments_total', { result: 'success' })).toBe(2);
    expect(value('autodevops_change_failures_total')).toBe(1);
    expect(value('autodevops_lead_time_seconds', { le: '3600' })).toBe(1);
    expect(value('autodevops_time_to_restore_seconds', { le: '900' })).toBe(1);
  });
});
