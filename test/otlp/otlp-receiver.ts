/**
 * A local OTLP/HTTP traces receiver for tests: accepts `POST /v1/traces` with protobuf bodies and
 * decodes them with the OpenTelemetry protocol definitions (vendored in ./proto, loaded with
 * protobufjs) — what a collector reads, not string matching.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proto');

/** A decoded attribute value. */
export type Value = string | number | boolean | Value[] | undefined;

/** One received span, ids as hex. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, Value>;
  status: { code: number; message: string };
  resource: Record<string, Value>;
  scope: string;
}

/** A started receiver. */
export interface OtlpReceiver {
  /** e.g. `http://127.0.0.1:43123` (append `/v1/traces` for the signal endpoint). */
  url: string;
  spans: ReceivedSpan[];
  /** The raw request bodies, for "this text never appears anywhere" checks. */
  bodies: Buffer[];
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(PROTO_ROOT, target);
  await root.load('opentelemetry/proto/collector/trace/v1/trace_service.proto', { keepCase: false });
  const Request = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const Response = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
  const spans: ReceivedSpan[] = [];
  const bodies: Buffer[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push(body);
      headers.push(req.headers);
      if (req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/x-protobuf') {
        res.writeHead(404).end();
        return;
      }
      spans.push(...decode(Request.toObject(Request.decode(body), { longs: String, bytes: Buffer, arrays: true, oneofs: true }) as DecodedRequest));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(Response.encode(Response.create({})).finish()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, bodies, headers, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface KeyValue { key: string; value?: AnyValue }
interface AnyValue { value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue'; stringValue?: string; boolValue?: boolean; intValue?: string; doubleValue?: number; arrayValue?: { values: AnyValue[] } }
interface DecodedSpan {
  traceId: Buffer; spanId: Buffer; parentSpanId?: Buffer; name: string; kind?: number; startTimeUnixNano: string; endTimeUnixNano: string;
  attributes: KeyValue[]; status?: { code: number; message: string };
}
interface DecodedRequest {
  resourceSpans: Array<{ resource?: { attributes: KeyValue[] }; scopeSpans: Array<{ scope?: { name?: string }; spans: DecodedSpan[] }> }>;
}

function decode(request: DecodedRequest): ReceivedSpan[] {
  return request.resourceSpans.flatMap((rs) => {
    const resource = attributes(rs.resource?.attributes ?? []);
    return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({
      traceId: s.traceId.toString('hex'), spanId: s.spanId.toString('hex'), parentSpanId: s.parentSpanId?.toString('hex') ?? '', name: s.name, kind: s.kind ?? 0,
      startNs: BigInt(s.startTimeUnixNano), endNs: BigInt(s.endTimeUnixNano), attributes: attributes(s.attributes),
      status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' }, resource, scope: ss.scope?.name ?? '',
    })));
  });
}

function attributes(list: KeyValue[]): Record<string, Value> {
  return Object.fromEntries(list.map((kv) => [kv.key, value(kv.value)]));
}

/** The field the `value` oneof holds (protobufjs names it with `oneofs: true`). */
function value(v: AnyValue | undefined): Value {
  switch (v?.value) {
    case 'stringValue': return v.stringValue;
    case 'boolValue': return v.boolValue;
    case 'intValue': return Number(v.intValue);
    case 'doubleValue': return v.doubleValue;
    case 'arrayValue': return (v.arrayValue?.values ?? []).map(value);
    default: return undefined;
  }
}
