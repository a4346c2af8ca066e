/**
 * Sends SpanRecords over OTLP/HTTP (protobuf) with OpenTelemetry's own exporter, in batches. Only
 * loaded when tracing is configured (the observability entry point imports it lazily).
 */
import { SpanKind, SpanStatusCode, TraceFlags, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { SEMRESATTRS_PROJECT_NAME } from '@arizeai/openinference-semantic-conventions';
import type { SpanRecord } from './span-record.ts';
import type { TracingConfig } from './tracing-config.ts';

/** The span shape the OTLP exporter takes (the SDK's ReadableSpan). */
type ReadableSpan = Parameters<OTLPTraceExporter['export']>[0][number];

/** Spans sent per request at most; a full batch goes at once instead of waiting for the timer. */
const BATCH_SIZE = 512;
const SCOPE = { name: 'autodevops', version: '0.1.0' };

/** Buffers spans and exports them in batches; `flush()` sends what is buffered and waits. */
export class OtlpSpanExporter {
  readonly #exporter: OTLPTraceExporter;
  readonly #resource: Resource;
  readonly #delayMs: number;
  readonly #onError: (error: Error) => void;
  #buffer: ReadableSpan[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #inflight = new Set<Promise<void>>();

  constructor(config: TracingConfig, options: { delayMs?: number; onError?: (error: Error) => void } = {}) {
    this.#exporter = new OTLPTraceExporter({ url: config.url, headers: config.headers, timeoutMillis: config.timeoutMs });
    this.#resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, [SEMRESATTRS_PROJECT_NAME]: config.projectName });
    this.#delayMs = options.delayMs ?? 1000;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Queues a finished span. */
  readonly add = (span: SpanRecord): void => {
    this.#buffer.push(toReadableSpan(span, this.#resource));
    if (this.#buffer.length >= BATCH_SIZE) this.#send();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.#send(), this.#delayMs);
      this.#timer.unref();
    }
  };

  /** Sends everything buffered and waits for every request in flight. */
  async flush(): Promise<void> {
    this.#send();
    await Promise.all([...this.#inflight]);
  }

  /** Flushes, then shuts the exporter down. */
  async close(): Promise<void> {
    await this.flush();
    await this.#exporter.shutdown();
  }

  #send(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length === 0) return;
    const spans = this.#buffer;
    this.#buffer = [];
    const done = new Promise<void>((resolve) => {
      this.#exporter.export(spans, (result) => {
        if (result.error) this.#onError(result.error);
        resolve();
      });
    });
    this.#inflight.add(done);
    void done.then(() => this.#inflight.delete(done));
  }
}

const STATUS = { ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR, unset: SpanStatusCode.UNSET } as const;

/** A SpanRecord as the SDK's ReadableSpan. */
export function toReadableSpan(s: SpanRecord, resource: Resource): ReadableSpan {
  const context = { traceId: s.traceId, spanId: s.spanId, traceFlags: TraceFlags.SAMPLED };
  return {
    name: s.name, kind: SpanKind.INTERNAL, spanContext: () => context,
    ...(s.parentSpanId !== undefined && { parentSpanContext: { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED } }),
    startTime: hrTime(s.startMs), endTime: hrTime(Math.max(s.endMs, s.startMs)), duration: hrTime(Math.max(0, s.endMs - s.startMs)),
    status: { code: STATUS[s.status.code], ...(s.status.message !== undefined && { message: s.status.message }) },
    attributes: s.attributes, links: [], events: [], ended: true, resource, instrumentationScope: SCOPE,
    droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0,
  };
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}
