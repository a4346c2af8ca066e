/**
 * A real engine (test/support/engine-harness.ts) with observability subscribed the way the
 * composition root subscribes it — the run's view from the engine, and the run's workflow as written
 * from its `run.created` event parsed by the engine — so tests see what a real process exports.
 */
import { startObservability, type Observability, type ObservabilityOptions } from '../../src/observability/observability.ts';
import type { WorkflowShape } from '../../src/observability/workflow-shape.ts';
import { openHarness, type Harness } from '../support/engine-harness.ts';

/** A harness whose engine events feed a started observability. */
export interface ObservedHarness {
  harness: Harness;
  observability: Observability;
  /** Delivers every event and exports every span (once; later calls wait for the first). */
  flush(): Promise<void>;
  /** Flushes, then closes the engine and the store; fails if observability reported an error. */
  close(): Promise<void>;
}

/** The workflow of a run as the engine parsed it (what the composition root passes as `describeWorkflow`). */
export function workflowOfRun(harness: Harness): (runId: string) => Promise<WorkflowShape | undefined> {
  return async (runId) => {
    const [created] = await harness.store.history(runId);
    return created?.type === 'run.created' ? harness.engine.workflowOf(created.workflowSource) : undefined;
  };
}

/** Opens a harness observed with `env` (tracing variables, AUTODEVOPS_METRICS_PUSHGATEWAY…). */
export async function openObservedHarness(env: Record<string, string> = {}, more: Pick<ObservabilityOptions, 'log'> = {}): Promise<ObservedHarness> {
  const harness = await openHarness();
  const errors: unknown[] = [];
  const observability = await startObservability({
    env, describeRun: (runId) => harness.engine.view(runId), describeWorkflow: workflowOfRun(harness), onError: (e) => errors.push(e), ...more,
  });
  harness.engine.on(observability.listener);
  let flushed: Promise<void> | undefined;
  const flush = (): Promise<void> => (flushed ??= observability.close());
  return {
    harness, observability, flush,
    async close() {
      await flush();
      await harness.close();
      if (errors.length > 0) throw new AggregateError(errors, 'observability reported errors');
    },
  };
}
