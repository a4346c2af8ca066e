/**
 * Observability's entry point, loaded by the composition root with `import()` when the store opens:
 * metrics always (cheap, in-process), traces when an OTLP or Phoenix endpoint is configured, logs
 * when AUTODEVOPS_LOG asks for them. It only ever sees engine events, after they are durable.
 */
import { EventFeed, type DescribeRun, type Observer, type ObservedEvent } from './event-feed.ts';
import type { DescribeWorkflow } from './workflow-shape.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { tracingConfig, type TracingConfig } from './tracing-config.ts';
import type { LoggerOptions } from './logger.ts';

/** What the composition root passes. */
export interface ObservabilityOptions {
  env: Record<string, string | undefined>;
  /** The engine's view of a run (workflow name, trigger, start times). */
  describeRun: DescribeRun;
  /**
   * The run's workflow as written (the DSL's WorkflowDefinition fits): which jobs deploy where (DORA)
   * and what each step was written to do (`input.value`). Without it, no deployments are counted.
   */
  describeWorkflow?: DescribeWorkflow;
  /** Overrides AUTODEVOPS_LOG for where logs go (tests, the server). */
  log?: LoggerOptions;
  /** Where exporter and observer failures are reported; default: ignored (never the engine's problem). */
  onError?: (error: unknown) => void;
}

/** A started observability: subscribe `listener` to the engine; `close()` flushes. */
export interface Observability {
  listener: (event: ObservedEvent) => void;
  metrics: Metrics;
  tracing: TracingConfig | undefined;
  /** The Prometheus exposition text (the server serves it at /metrics). */
  renderMetrics(): Promise<string>;
  /** Delivers what is queued, exports buffered spans, pushes metrics (AUTODEVOPS_METRICS_PUSHGATEWAY). */
  close(): Promise<void>;
}

/** Starts observability as the environment configures it. */
export async function startObservability(options: ObservabilityOptions): Promise<Observability> {
  const onError = options.onError ?? (() => undefined);
  const metrics = createMetrics();
  const observers: Observer[] = [metrics.observe];
  const closers: Array<() => Promise<void>> = [];
  const tracing = tracingConfig(options.env);
  if (tracing) {
    const { startTracing } = await import('./tracing.ts');
    const t = startTracing(tracing, onError);
    observers.push(t.observe);
    closers.push(t.close);
  }
  const log = options.log ?? logOptionsFromEnv(options.env);
  if (log) {
    const [{ createLogger }, { logObserver }] = await Promise.all([import('./logger.ts'), import('./log-events.ts')]);
    const logger = await createLogger(log);
    observers.push(logObserver(logger));
    closers.push(async () => void logger.flush());
  }
  const feed = new EventFeed({ describeRun: options.describeRun, ...(options.describeWorkflow && { describeWorkflow: options.describeWorkflow }) }, observers, onError);
  // A command that ran nothing (`list`, `show`) has nothing worth pushing.
  let observed = false;
  return {
    listener: (event) => {
      observed = true;
      feed.push(event);
    },
    metrics, tracing, renderMetrics: () => metrics.render(),
    close: async () => {
      await feed.drain();
      for (const close of closers) await close().catch(onError);
      const gateway = options.env.AUTODEVOPS_METRICS_PUSHGATEWAY;
      if (gateway && observed) await metrics.push(gateway).catch(onError);
    },
  };
}

/** AUTODEVOPS_LOG=json or AUTODEVOPS_LOG=pretty turns logs on, to stderr; level from AUTODEVOPS_LOG_LEVEL. */
function logOptionsFromEnv(env: Record<string, string | undefined>): LoggerOptions | undefined {
  const mode = env.AUTODEVOPS_LOG;
  if (mode !== 'json' && mode !== 'pretty') return undefined;
  return { pretty: mode === 'pretty', level: env.AUTODEVOPS_LOG_LEVEL ?? 'info' };
}
