/**
 * Prometheus metrics in a registry of our own (never prom-client's global one, so embedding apps
 * keep theirs clean). Labels are bounded: workflow names, conclusions, providers and models — never
 * run or step ids.
 */
import { Counter, Gauge, Histogram, Pushgateway, Registry } from 'prom-client';
import type { ObservedEvent } from './event-feed.ts';
import type { HistoryEvent } from '../core/events.ts';
import type { ModelCall } from '../core/ai-calls.ts';
import { createDora } from './dora.ts';
import type { RunInfo } from './run-info.ts';

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** The metrics and the observer that feeds them. */
export interface Metrics {
  registry: Registry;
  /** An EventFeed observer. */
  observe(event: ObservedEvent, run: RunInfo): void;
  /** The exposition text (`/metrics`). */
  render(): Promise<string>;
  /** Pushes to a Prometheus Pushgateway (CLI runs end before a scrape could see them). */
  push(url: string): Promise<void>;
}

/** Creates the metrics in a new registry. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const m = instruments(registry);
  const starts = new Map<string, number>();
  const dora = createDora(registry);
  return {
    registry,
    observe: (event, run) => {
      if (event.kind === 'history') onHistory(m, starts, event.event, run);
      else if (event.kind === 'model-call') countModelCall(m, event.call, run.workflowName);
      dora.observe(event, run);
    },
    render: () => registry.metrics(),
    push: async (url) => {
      await new Pushgateway(url, {}, registry).pushAdd({ jobName: 'autodevops' });
    },
  };
}

type Instruments = ReturnType<typeof instruments>;

function instruments(registry: Registry) {
  const registers = [registry];
  return {
    runs: new Counter({ name: 'autodevops_runs_total', help: 'Runs completed, by workflow and conclusion', labelNames: ['workflow', 'conclusion'], registers }),
    runDuration: new Histogram({ name: 'autodevops_run_duration_seconds', help: 'Run duration from start to completion', labelNames: ['workflow', 'conclusion'], buckets: DURATION_BUCKETS, registers }),
    stepDuration: new Histogram({ name: 'autodevops_step_duration_seconds', help: 'Step duration, per attempt', labelNames: ['workflow', 'conclusion'], buckets: DURATION_BUCKETS, registers }),
    queueWait: new Histogram({ name: 'autodevops_run_queue_wait_seconds', help: 'Time from a run\'s creation to its start', labelNames: ['workflow'], buckets: DURATION_BUCKETS, registers }),
    active: new Gauge({ name: 'autodevops_active_runs', help: 'Runs executing in this process', labelNames: ['workflow'], registers }),
    retries: new Counter({ name: 'autodevops_retries_total', help: 'Step and job retries scheduled', labelNames: ['workflow', 'level'], registers }),
    tokens: new Counter({ name: 'autodevops_model_tokens_total', help: 'Model tokens, by provider, model, workflow and type', labelNames: ['provider', 'model', 'workflow', 'type'], registers }),
    cost: new Counter({ name: 'autodevops_model_cost_usd_total', help: 'Model cost in USD, by provider, model and workflow (priced calls only)', labelNames: ['provider', 'model', 'workflow'], registers }),
    calls: new Counter({ name: 'autodevops_model_calls_total', help: 'Model calls, by provider, model, workflow and whether the price table priced them', labelNames: ['provider', 'model', 'workflow', 'priced'], registers }),
  };
}

/** Tokens and cost of a model call (the AI layer's events), by provider, model and workflow. */
function countModelCall(m: Instruments, call: ModelCall, workflow: string): void {
  const labels = { provider: call.provider, model: call.model, workflow };
  m.tokens.inc({ ...labels, type: 'prompt' }, call.usage.prompt);
  m.tokens.inc({ ...labels, type: 'completion' }, call.usage.completion);
  m.calls.inc({ ...labels, priced: call.cost ? 'true' : 'false' });
  // An unpriced call adds no cost (its `priced="false"` count says the total is partial); a zero
  // price (a local model) still creates the series, so dashboards show it at 0.
  if (call.cost) m.cost.inc(labels, call.cost.total);
}

function onHistory(m: Instruments, starts: Map<string, number>, e: HistoryEvent, run: RunInfo): void {
  const workflow = run.workflowName;
  switch (e.type) {
    case 'run.started':
      m.queueWait.observe({ workflow }, seconds(e.at - run.createdAt));
      m.active.inc({ workflow });
      starts.set(run.runId, e.at);
      break;
    case 'run.completed':
      m.runs.inc({ workflow, conclusion: e.conclusion });
      m.runDuration.observe({ workflow, conclusion: e.conclusion }, seconds(e.at - (starts.get(run.runId) ?? run.startedAt ?? run.createdAt)));
      if (starts.delete(run.runId)) m.active.dec({ workflow });
      break;
    case 'step.started':
      starts.set(`${run.runId}\u0000${e.jobKey}/${e.index}`, e.at);
      break;
    case 'step.completed':
    case 'step.retry-scheduled':
      stepDone(m, starts, run, `${e.jobKey}/${e.index}`, e.at, e.type === 'step.completed' ? e.conclusion : 'retry');
      if (e.type === 'step.retry-scheduled') m.retries.inc({ workflow, level: 'step' });
      break;
    case 'job.retry-scheduled':
      m.retries.inc({ workflow, level: 'job' });
      break;
    default:
      break;
  }
}

function stepDone(m: Instruments, starts: Map<string, number>, run: RunInfo, stepKey: string, at: number, conclusion: string): void {
  const key = `${run.runId}\u0000${stepKey}`;
  const start = starts.get(key) ?? run.startTimes.get(stepKey);
  starts.delete(key);
  // A skipped step never started: it has no duration to count.
  if (start !== undefined) m.stepDuration.observe({ workflow: run.workflowName, conclusion }, seconds(at - start));
}

function seconds(ms: number): number {
  return Math.max(0, ms) / 1000;
}
