import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { ALL_THREE, startUpstreams, type Upstreams } from './support.js';

/** One span as an OTLP/HTTP JSON export carries it, with its attributes flattened. */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  endTimeUnixNano: string;
  status?: { code?: number };
  attributes: Record<string, unknown>;
  service: unknown;
}

const SERVER = 2;
const CLIENT = 3;
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
const flatten = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue)),
    ]),
  );

/** An in-process OTLP/HTTP receiver: keeps every span posted to /v1/traces. */
async function startReceiver() {
  const spans: ExportedSpan[] = [];
  const posts: { path: string; contentType: string | undefined }[] = [];
  const server: TestServer = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', contentType: req.headers['content-type'] });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = flatten(resourceSpans.resource?.attributes)['service.name'];
        for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) spans.push({ ...span, attributes: flatten(span.attributes), service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  return { server, spans, posts };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let upstreams: Upstreams;
let traced: TestGateway;
let untraced: TestGateway;

beforeAll(async () => {
  receiver = await startReceiver();
  upstreams = await startUpstreams();
  const project = { sourcesDir: upstreams.project.sourcesDir, schemasDir: upstreams.project.schemasDir, cwd: upstreams.project.dir, env: upstreams.env };
  // A base URL, as OTEL_EXPORTER_OTLP_ENDPOINT would give it: /v1/traces is added.
  traced = await startTestGateway({ ...project, config: { tracing: { endpoint: receiver.server.url, serviceName: 'plexus-test' } } });
  // A second gateway in the same process, tracing off: it must neither export nor propagate.
  untraced = await startTestGateway(project);

  const first = await traced.query(ALL_THREE, undefined, { 'x-request-id': 'trace-1' });
  expect(first.body.errors).toBeUndefined();
  await untraced.query(ALL_THREE, undefined, { 'x-request-id': 'untraced-1' });
  await traced.query(ALL_THREE, undefined, { 'x-request-id': 'trace-2', traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
  // Closing the gateway flushes the spans it still buffers.
  await traced.close();
});
afterAll(async () => {
  await traced?.close();
  await untraced?.close();
  await upstreams?.close();
  await receiver?.server.close();
});

const requestSpan = (requestId: string) => receiver.spans.find((span) => span.attributes['plexus.request_id'] === requestId);
const traceOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
const traceparentOf = (span: ExportedSpan | undefined) => `00-${span?.traceId}-${span?.spanId}-01`;

describe('OpenTelemetry tracing', () => {
  it('exports over OTLP/HTTP JSON to <endpoint>/v1/traces, as the configured service', () => {
    expect(receiver.posts.length).toBeGreaterThan(0);
    expect(receiver.posts.every((post) => post.path === '/v1/traces' && post.contentType?.startsWith('application/json'))).toBe(true);
    expect(new Set(receiver.spans.map((span) => span.service))).toEqual(new Set(['plexus-test']));
  });

  it('records the request, its parse, validate and execute phases and one span per upstream call, in one trace', () => {
    const root = requestSpan('trace-1');
    expect(root).toMatchObject({
      name: 'POST /graphql',
      kind: SERVER,
      attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200, 'graphql.operation.name': 'AllThree' },
    });
    expect(root!.parentSpanId ?? '').toBe('');
    const spans = traceOf(root!.traceId);
    const named = (name: string) => spans.filter((span) => span.name === name);
    for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.execute']) {
      expect(named(phase), phase).toHaveLength(1);
      expect(named(phase)[0]!.parentSpanId).toBe(root!.spanId);
    }
    const execute = named('graphql.execute')[0]!;
    expect(execute.attributes).toMatchObject({ 'graphql.operation.name': 'AllThree', 'graphql.operation.type': 'query' });

    const upstream = spans.filter((span) => span.kind === CLIENT);
    expect(upstream.map((span) => span.attributes['plexus.source']).sort()).toEqual(['echo', 'greet', 'rest']);
    expect(upstream.every((span) => span.parentSpanId === execute.spanId)).toBe(true);
    expect(upstream.find((span) => span.attributes['plexus.source'] === 'rest')).toMatchObject({
      name: 'GET rest',
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
    });
    expect(upstream.find((span) => span.attributes['plexus.source'] === 'greet')).toMatchObject({
      name: 'POST greet',
      attributes: { 'http.request.method': 'POST' },
    });
    expect(upstream.find((span) => span.attributes['plexus.source'] === 'echo')).toMatchObject({
      name: 'obs.v1.EchoService/GetEcho',
      attributes: { 'rpc.system': 'grpc', 'rpc.service': 'obs.v1.EchoService', 'rpc.method': 'GetEcho', 'rpc.grpc.status_code': 0 },
    });
    // One span per fetch of the query plan, next to the calls it makes.
    const fetches = named('plexus.fetch');
    expect(fetches.map((span) => span.attributes['plexus.source']).sort()).toEqual(['echo', 'greet', 'rest']);
    expect(fetches.every((span) => span.parentSpanId === execute.spanId)).toBe(true);
    expect(fetches.find((span) => span.attributes['plexus.source'] === 'echo')?.attributes).toMatchObject({
      'plexus.operation': 'getEcho',
      'plexus.fetch.level': 0,
    });
    expect(spans.every((span) => Number(span.endTimeUnixNano) > 0)).toBe(true);
  });

  it("sends each upstream call's own span as traceparent, by HTTP header and gRPC metadata", () => {
    const spans = traceOf(requestSpan('trace-1')!.traceId);
    const of = (source: string) => spans.find((span) => span.attributes['plexus.source'] === source);
    const seen = upstreams.seen();
    // Calls arrive in request order: traced, untraced, traced.
    expect(seen.rest[0]?.traceparent).toBe(traceparentOf(of('rest')));
    expect(seen.graphql[0]?.traceparent).toBe(traceparentOf(of('greet')));
    expect(seen.grpc[0]?.get('traceparent')).toEqual([traceparentOf(of('echo'))]);
  });

  it("continues the caller's trace when the request carries a traceparent", () => {
    const root = requestSpan('trace-2');
    expect(root).toMatchObject({ traceId: CLIENT_TRACE, parentSpanId: CLIENT_SPAN });
    expect(traceOf(CLIENT_TRACE).filter((span) => span.kind === CLIENT)).toHaveLength(3);
    expect(upstreams.seen().rest[2]?.traceparent).toMatch(new RegExp(`^00-${CLIENT_TRACE}-[0-9a-f]{16}-01$`));
  });

  it('leaves a gateway with tracing off alone: no spans, no traceparent upstream', () => {
    expect(requestSpan('untraced-1')).toBeUndefined();
    const seen = upstreams.seen();
    expect(seen.rest[1]?.['x-request-id']).toBe('untraced-1');
    expect(seen.rest[1]?.traceparent).toBeUndefined();
    expect(seen.graphql[1]?.traceparent).toBeUndefined();
    expect(seen.grpc[1]?.get('traceparent')).toEqual([]);
  });
});
