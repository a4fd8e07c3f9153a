import { createServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HealthImplementation } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { callsProject, startCallService, type CallLog } from './support/calls.js';
import type { TestGrpcServer } from './support/grpc-server.js';
import { loadSource, mustLoad } from './support/source.js';

const YAML = `kind: grpc
endpoint: \${CALLS_URL}
schema: calls.proto
timeout: 300ms
headers:
  forward: [authorization, x-request-id]
  set: { x-api-key: secret }
`;

let server: TestGrpcServer & { log: CallLog };
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  server = await startCallService();
  project = await callsProject(YAML);
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: { CALLS_URL: server.url } });
});

afterAll(async () => {
  await gateway?.close();
  await server?.close();
  await project?.remove();
});

describe('gRPC status codes become GraphQL errors', () => {
  // [status, code, GraphQL code, what the service says, what the client sees]: the service's own words stay in the log.
  test.each([
    ['INVALID_ARGUMENT', 3, 'BAD_USER_INPUT', 'id must be a number', 'Source "calls" answered INVALID_ARGUMENT'],
    ['UNAUTHENTICATED', 16, 'UNAUTHENTICATED', 'token expired', 'Source "calls" answered UNAUTHENTICATED'],
    ['PERMISSION_DENIED', 7, 'FORBIDDEN', 'not your order', 'Source "calls" answered PERMISSION_DENIED'],
    ['NOT_FOUND', 5, 'UPSTREAM_ERROR', 'no such thing', 'Source "calls" answered NOT_FOUND'],
    ['ALREADY_EXISTS', 6, 'UPSTREAM_ERROR', 'taken', 'Source "calls" answered ALREADY_EXISTS'],
    ['DEADLINE_EXCEEDED', 4, 'UPSTREAM_TIMEOUT', 'too slow', 'Source "calls" did not answer within 300 ms'],
    ['UNAVAILABLE', 14, 'UPSTREAM_ERROR', 'connection refused by 10.0.0.7', 'Source "calls" failed (UNAVAILABLE)'],
    ['INTERNAL', 13, 'UPSTREAM_ERROR', 'NullPointerException at Orders.java:42', 'Source "calls" failed (INTERNAL)'],
  ])('%s', async (grpcStatus, code, graphqlCode, said, shown) => {
    const { body } = await gateway.query('query($code: Int, $said: String) { getReply(code: $code, message: $said) { deadlineMs } }', { code, said });
    expect(body).toMatchObject({ data: { getReply: null } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toBe(shown);
    expect(body.errors[0].extensions).toMatchObject({ code: graphqlCode, source: 'calls', grpcStatus });
    expect(body.errors[0].path).toEqual(['getReply']);
  });
});

describe('calls', () => {
  test('the deadline comes from `timeout`, reaches the service, and ends a slow call as UPSTREAM_TIMEOUT', async () => {
    const fast = await gateway.query('{ getReply { deadlineMs } }');
    expect(fast.body.data.getReply.deadlineMs).toBeGreaterThan(100);
    expect(fast.body.data.getReply.deadlineMs).toBeLessThanOrEqual(300);
    const started = Date.now();
    const slow = await gateway.query('{ getReply(delayMs: 2000) { deadlineMs } }');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(slow.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'calls', grpcStatus: 'DEADLINE_EXCEEDED', timeoutMs: 300 });
  });

  test('metadata: forwarded client headers and `headers.set`, nothing else of the client request', async () => {
    const { body } = await gateway.query('{ getReply { metadata { key value } } }', undefined, {
      authorization: 'Bearer abc',
      'x-request-id': 'r-1',
      cookie: 'secret=1',
    });
    const metadata = Object.fromEntries(body.data.getReply.metadata.map((entry: { key: string; value: string }) => [entry.key, entry.value]));
    expect(metadata).toMatchObject({ authorization: 'Bearer abc', 'x-request-id': 'r-1', 'x-api-key': 'secret' });
    expect(metadata['cookie']).toBeUndefined();
  });

  test('a client that goes away cancels its upstream call', async () => {
    const cancelled = server.log.cancelled;
    const controller = new AbortController();
    const request = fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ getReply(delayMs: 250) { deadlineMs } }' }),
      signal: controller.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 80));
    controller.abort();
    await request;
    await expect.poll(() => server.log.cancelled, { timeout: 1000 }).toBe(cancelled + 1);
  });

  test('every call counts once in plexus_upstream_requests_total; readiness probes do not', async () => {
    const before = await gateway.metric('plexus_upstream_requests_total', { source: 'calls' });
    await gateway.query('{ a: getReply { deadlineMs } b: getReply { deadlineMs } c: getReply(code: 5) { deadlineMs } }');
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'calls' })).toBe(before + 3);
    const ready = await fetch(`${gateway.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'calls' })).toBe(before + 3);
  });
});

describe('readiness', () => {
  test('uses the standard health service when the server has one', async () => {
    const health = new HealthImplementation({ '': 'SERVING' });
    const healthy = await startCallService({ setup: (grpcServer) => health.addToServer(grpcServer) });
    const source = await mustLoad(await callsProject(YAML), 'calls', { env: { CALLS_URL: healthy.url } });
    try {
      await expect(source.probe(AbortSignal.timeout(1000))).resolves.toBeUndefined();
      health.setStatus('', 'NOT_SERVING');
      await expect(source.probe(AbortSignal.timeout(1000))).rejects.toThrow('health check says NOT_SERVING');
      await healthy.close();
      await expect(source.probe(AbortSignal.timeout(1000))).rejects.toThrow(/UNAVAILABLE|in time/);
      expect(healthy.calls).toBe(0);
    } finally {
      await source.close();
      await healthy.close();
    }
  });
});

describe('connections', () => {
  let listener: NetServer;
  let connections = 0;
  let url = '';

  beforeAll(async () => {
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    url = `grpc://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  test('composing with .proto files in the folder opens no channel', async () => {
    const offline = await callsProject(YAML);
    const result = await loadSource(offline, 'calls', { mode: 'compose', env: { CALLS_URL: url } });
    expect(result.problems).toEqual([]);
    await result.source!.close();
    await offline.remove();
    expect(connections).toBe(0);
  });

  test('serving opens the channel at the first call, and an unreachable service is UPSTREAM_ERROR', async () => {
    const lazy = await callsProject(YAML);
    const gatewayOverNothing = await startTestGateway({ sourcesDir: lazy.sourcesDir, schemasDir: lazy.schemasDir, cwd: lazy.dir, env: { CALLS_URL: url } });
    try {
      expect(connections).toBe(0);
      const { body } = await gatewayOverNothing.query('{ getReply { deadlineMs } }');
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'calls', grpcStatus: 'UNAVAILABLE' });
      expect(connections).toBeGreaterThan(0);
    } finally {
      await gatewayOverNothing.close();
      await lazy.remove();
    }
  });
});
