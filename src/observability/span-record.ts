/**
 * A finished span as observability builds it from engine events: plain data, independent of the
 * OpenTelemetry SDK, so the mapping is testable without an exporter and the SDK loads only when
 * traces are exported.
 */

/** Attribute values OTLP carries. */
export type AttributeValue = string | number | boolean | string[];

/** One finished span. Times are epoch milliseconds. */
export interface SpanRecord {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  /** `error` carries the message shown by the trace viewer. */
  status: { code: 'ok' | 'error' | 'unset'; message?: string };
}
