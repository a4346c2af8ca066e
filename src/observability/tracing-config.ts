/**
 * Where traces go, from the standard OpenTelemetry variables or Phoenix's. Tracing is off unless
 * one of them names an endpoint; this module loads nothing so that deciding costs nothing.
 */

/** What the trace exporter needs. */
export interface TracingConfig {
  /** Full OTLP/HTTP traces URL, e.g. `http://localhost:6006/v1/traces`. */
  url: string;
  headers: Record<string, string>;
  /** `openinference.project.name` resource attribute (Phoenix groups traces by it). */
  projectName: string;
  serviceName: string;
  /** How long one export may take, retries included (OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT, default 10 s). */
  timeoutMs: number;
}

type Env = Record<string, string | undefined>;

/** The tracing configuration, or undefined when tracing is off (the default). */
export function tracingConfig(env: Env): TracingConfig | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const url = tracesUrl(env);
  if (url === undefined) return undefined;
  const headers = { ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) };
  if (env.PHOENIX_API_KEY) headers.api_key = env.PHOENIX_API_KEY;
  const projectName = env.PHOENIX_PROJECT_NAME || env.AUTODEVOPS_PROJECT_NAME || 'autodevops';
  const timeoutMs = Number(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || env.OTEL_EXPORTER_OTLP_TIMEOUT || 10_000);
  return { url, headers, projectName, serviceName: env.OTEL_SERVICE_NAME || 'autodevops', timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 10_000 };
}

/** The signal-specific endpoint is used as is; a base endpoint gets `/v1/traces`, as the OTLP spec says. */
function tracesUrl(env: Env): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.PHOENIX_COLLECTOR_ENDPOINT;
  if (!base) return undefined;
  return base.endsWith('/v1/traces') ? base : `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** `k1=v1,k2=v2` with URL-encoded values (the OTEL_EXPORTER_OTLP_HEADERS format). */
export function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
