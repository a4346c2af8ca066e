/**
 * Traces: run/job/step spans from history events, LLM/TOOL spans from the AI layer's events, all
 * exported over OTLP/HTTP. Loaded only when tracing is configured.
 */
import { modelCallSpan, toolCallSpan } from './ai-spans.ts';
import type { Observer } from './event-feed.ts';
import { OtlpSpanExporter } from './otlp-span-exporter.ts';
import { RunSpans } from './run-spans.ts';
import type { TracingConfig } from './tracing-config.ts';

/** The tracing observer and its flush-and-close. */
export function startTracing(config: TracingConfig, onError: (error: unknown) => void): { observe: Observer; close: () => Promise<void> } {
  const exporter = new OtlpSpanExporter(config, { onError });
  const spans = new RunSpans(exporter.add);
  return {
    observe: (event, run) => {
      if (event.kind === 'model-call') exporter.add(modelCallSpan(event.call, run));
      else if (event.kind === 'tool-call') exporter.add(toolCallSpan(event.call, run));
      else spans.observe(event, run);
    },
    close: () => exporter.close(),
  };
}
