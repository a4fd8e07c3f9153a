import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptRequestId } from '../../src/observability/request-id.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { ALL_THREE, startUpstreams, type Upstreams } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startUpstreams();
  gateway = await startTestGateway({
    sourcesDir: upstreams.project.sourcesDir,
    schemasDir: upstreams.project.schemasDir,
    cwd: upstreams.project.dir,
    env: upstreams.env,
  });
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => {
  upstreams.rest.requests.length = 0;
  upstreams.graphql.requests.length = 0;
  upstreams.grpcCalls.length = 0;
});

/** POSTs ALL_THREE with the given headers; returns the response's x-request-id. */
async function send(headers: Record<string, string> = {}): Promise<string | null> {
  const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: ALL_THREE }),
  });
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ hello: { message: 'hello' }, greeting: 'hi there', getEcho: { text: 'hi' } });
  return response.headers.get('x-request-id');
}

/** The x-request-id each service received (one call each), as header or gRPC metadata. */
function receivedIds() {
  const seen = upstreams.seen();
  return {
    rest: seen.rest.map((headers) => headers['x-request-id']),
    graphql: seen.graphql.map((headers) => headers['x-request-id']),
    grpc: seen.grpc.map((metadata) => metadata.get('x-request-id')[0]),
  };
}

describe('x-request-id', () => {
  it('returns the id the client sent and sends it to every service, HTTP and gRPC, without headers.forward', async () => {
    const id = 'checkout-7f3a:2024/11';
    expect(await send({ 'x-request-id': id })).toBe(id);
    expect(receivedIds()).toEqual({ rest: [id], graphql: [id], grpc: [id] });
  });

  it('generates a UUID when the client sent none, and uses the same one everywhere', async () => {
    const id = await send();
    expect(id).toMatch(UUID);
    expect(receivedIds()).toEqual({ rest: [id], graphql: [id], grpc: [id] });
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['holding a control character', 'abc\tdef'],
    ['holding a space', 'abc def'],
    ['holding non-ASCII', 'commande-ré'],
  ])('replaces an id %s with a new UUID', async (_what, given) => {
    const id = await send({ 'x-request-id': given });
    expect(id).toMatch(UUID);
    expect(receivedIds()).toEqual({ rest: [id], graphql: [id], grpc: [id] });
  });

  it('is on every response, health checks included, and a new one for each request', async () => {
    const health = await fetch(`http://127.0.0.1:${gateway.server.port}/healthz`);
    expect(health.headers.get('x-request-id')).toMatch(UUID);
    const [first, second] = [await send(), await send()];
    expect(first).not.toBe(second);
  });

  it('sends no traceparent upstream while tracing is off', async () => {
    await send({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    const seen = upstreams.seen();
    expect(seen.rest[0]?.traceparent).toBeUndefined();
    expect(seen.graphql[0]?.traceparent).toBeUndefined();
    expect(seen.grpc[0]?.get('traceparent')).toEqual([]);
  });
});

describe('acceptRequestId', () => {
  it('keeps short visible ASCII and refuses the rest', () => {
    expect(acceptRequestId('a1B2-_.:/+=@~')).toBe('a1B2-_.:/+=@~');
    expect(acceptRequestId('x'.repeat(128))).toBe('x'.repeat(128));
    for (const bad of ['', 'x'.repeat(129), 'a\r\nx-admin: 1', 'a\nb', 'a\u0000b', 'a\u007fb', 'tab\there', 'é', null, undefined]) {
      expect(acceptRequestId(bad)).toBeUndefined();
    }
  });
});
