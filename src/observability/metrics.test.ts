/**
 * Metrics of real runs through openApp: retries of steps and jobs, step durations by conclusion,
 * queue wait and active runs; the exposition text parsed as Prometheus text.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../app.ts';
import type { StepResult } from '../engine/ports/step.ts';
import { parseExposition, type Sample } from '../../test/otlp/exposition.ts';

const WORKFLOW = `name: flaky
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env: { AUTODEVOPS_JOB_RETRY: "attempts=2 delay=10ms jitter=0" }
    steps:
      - uses: acme/flaky@v1
        env: { AUTODEVOPS_RETRY: "attempts=2 delay=10ms jitter=0" }
      - uses: acme/fails-once@v1
`;

let dir: string;
let samples: Sample[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-metrics-'));
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(dir, '.github/workflows/flaky.yml'), WORKFLOW);
  let flaky = 0;
  let once = 0;
  const app = await openApp({
    cwd: dir, env: { PATH: process.env.PATH, AUTODEVOPS_LOG: 'json', AUTODEVOPS_LOG_LEVEL: 'silent' }, engine: { pollMs: 20 },
    steps: {
      'acme/flaky': (): StepResult => (++flaky === 1 ? { outcome: 'failure', error: 'flaked' } : { outcome: 'success' }),
      'acme/fails-once': (): StepResult => (++once === 1 ? { outcome: 'failure', error: 'job must retry' } : { outcome: 'success' }),
    },
  });
  const { done } = await app.startRun({ workflowPath: '.github/workflows/flaky.yml' });
  expect((await done).conclusion).toBe('success');
  samples = parseExposition(await app.renderMetrics());
  await app.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('metrics of a run with retries', () => {
  it('count step and job retries by workflow', () => {
    expect(value('autodevops_retries_total', { workflow: 'flaky', level: 'step' })).toBe(1);
    expect(value('autodevops_retries_total', { workflow: 'flaky', level: 'job' })).toBe(1);
  });

  it('observe each step attempt, retried ones under their own conclusion', () => {
    expect(value('autodevops_step_duration_seconds_count', { conclusion: 'retry' })).toBe(1);
    expect(value('autodevops_step_duration_seconds_count', { conclusion: 'failure' })).toBe(1);
    expect(value('autodevops_step_duration_seconds_count', { conclusion: 'success' })).toBe(3);
  });

  it('count the run once, with its duration and queue wait, and no run left active', () => {
    expect(value('autodevops_runs_total', { workflow: 'flaky', conclusion: 'success' })).toBe(1);
    expect(value('autodevops_run_duration_seconds_count', { workflow: 'flaky' })).toBe(1);
    expect(value('autodevops_run_duration_seconds_sum')).toBeGreaterThan(0.01);
    expect(value('autodevops_run_queue_wait_seconds_count')).toBe(1);
    expect(value('autodevops_active_runs', { workflow: 'flaky' })).toBe(0);
  });

  it('use only bounded labels', () => {
    const labels = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    expect([...labels].sort()).toEqual(['conclusion', 'le', 'level', 'workflow']);
  });
});
