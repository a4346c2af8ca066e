import { describe, expect, it } from 'vitest';
import { parseHeaders, tracingConfig } from './tracing-config.ts';

describe('tracing configuration', () => {
  it('is off by default and when the SDK or the traces exporter is disabled', () => {
    expect(tracingConfig({})).toBeUndefined();
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('appends /v1/traces to a base endpoint and uses a traces endpoint as it is', () => {
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318/' })?.url).toBe('http://x:4318/v1/traces');
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318/v1/traces' })?.url).toBe('http://x:4318/v1/traces');
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://y/traces' })?.url).toBe('http://y/traces');
  });

  it('reads Phoenix: endpoint plus /v1/traces, the API key as the api_key header', () => {
    expect(tracingConfig({ PHOENIX_COLLECTOR_ENDPOINT: 'https://app.phoenix.arize.com/s/me', PHOENIX_API_KEY: 'k' })).toEqual({
      url: 'https://app.phoenix.arize.com/s/me/v1/traces', headers: { api_key: 'k' }, projectName: 'autodevops', serviceName: 'autodevops', timeoutMs: 10_000,
    });
  });

  it('merges OTLP headers (traces-specific last) and names the project and service', () => {
    const c = tracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=3',
      PHOENIX_PROJECT_NAME: 'proj', OTEL_SERVICE_NAME: 'svc', OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
    });
    expect(c).toMatchObject({ headers: { a: '1', b: '3' }, projectName: 'proj', serviceName: 'svc', timeoutMs: 2000 });
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'soon' })?.timeoutMs).toBe(10_000);
  });

  it('parses the header list format with URL-encoded values and skips malformed pairs', () => {
    expect(parseHeaders('Authorization=Basic%20abc%3D%3D, x = y ,broken,=nokey')).toEqual({ Authorization: 'Basic abc==', x: 'y' });
    expect(parseHeaders(undefined)).toEqual({});
  });
});
