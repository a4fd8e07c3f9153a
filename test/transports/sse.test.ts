import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-sse';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { SECRET, token } from '../helpers/security.js';

// GraphQL over SSE as graphql-sse's own client speaks it, in both of its modes, against the demo.

const WATCH = 'subscription { watchOrders(userId: "3", limit: 2) { id status user { name } } }';
const WATCH_ONE = 'subscription { watchOrders(userId: "3", limit: 1) { id } }';
const FOREVER = 'subscription { watchOrders(userId: "3", limit: 0) { id } }';
const GUARDED = 'extend type Subscription {\n  watchOrders(limit: Int, userId: String): Order @authenticated\n}\n';
const TOKEN_HEADER = 'x-graphql-event-stream-token';

let demo: DemoServices;
let open: TestGateway;
let guarded: TestGateway;
let limited: TestGateway;
let bounded: TestGateway;
let trusted: TestGateway;
const clients: Client[] = [];

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  [open, guarded, limited, bounded, trusted] = await Promise.all([
    startDemoGateway({ env: demo.env }),
    startDemoGateway({ env: demo.env, config: { auth: { jwtSecret: SECRET } }, files: { 'schemas/policies.graphql': GUARDED } }),
    startDemoGateway({ env: demo.env, config: { rateLimit: { points: 1, window: '1h' } } }),
    startDemoGateway({ env: demo.env, config: { httpStreams: { maxReservationsPerClient: 2 } } }),
    startDemoGateway({
      env: demo.env,
      config: { persistedDocuments: { trusted: { manifest: 'persisted-documents.json' } } },
      files: { 'persisted-documents.json': JSON.stringify({ 'sha256:watch': WATCH_ONE }) },
    }),
  ]);
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.dispose();
  await Promise.all([open, guarded, limited, bounded, trusted].map((gateway) => gateway?.close()));
  await demo?.close();
});

function client(gateway: TestGateway, singleConnection: boolean, headers: Record<string, string> = {}): Client {
  const made = createClient({ url: `${gateway.server.url}/graphql`, singleConnection, headers, retryAttempts: 0 });
  clients.push(made);
  return made;
}

async function collect(made: Client, query: string, limit = Infinity): Promise<any[]> {
  const results: any[] = [];
  for await (const result of made.iterate({ query })) {
    results.push(result);
    if (results.length >= limit) break;
  }
  return results;
}

describe.each([false, true])('graphql-sse client, singleConnection: %s', (singleConnection) => {
  it('receives the events of a subscription, links resolved per event, then completes', async () => {
    const results = await collect(client(open, singleConnection), WATCH);
    expect(results.map((result) => result.data.watchOrders.id)).toEqual(['11', '12']);
    expect(results[0].data.watchOrders.user).toEqual({ name: expect.any(String) });
  });

  it('refuses an anonymous caller a guarded subscription, and lets a caller with a token in', async () => {
    const refused = await collect(client(guarded, singleConnection), WATCH_ONE);
    expect(refused).toHaveLength(1);
    expect(refused[0].errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const jwt = await token({ sub: 'user-3' }, 'secret');
    const allowed = await collect(client(guarded, singleConnection, { authorization: `Bearer ${jwt}` }), WATCH_ONE);
    expect(allowed).toEqual([{ data: { watchOrders: { id: '11' } } }]);
  });
});

describe('single connection', () => {
  it('runs several operations on one stream and stops a subscription the client leaves', async () => {
    const made = client(open, true);
    const [forever, query] = await Promise.all([collect(made, FOREVER, 1), collect(made, '{ user(id: "3") { name } }')]);
    expect(forever).toEqual([{ data: { watchOrders: { id: '11' } } }]);
    expect(query).toEqual([{ data: { user: { name: expect.any(String) } } }]);
    // The stream outlives the stopped operation.
    expect(await collect(made, WATCH_ONE)).toHaveLength(1);
  });

  it('charges each operation to the rate limit: the second one of a one-point budget is refused', async () => {
    const made = client(limited, true);
    expect((await collect(made, WATCH_ONE))[0].data.watchOrders.id).toBe('11');
    const refused = await collect(made, WATCH_ONE);
    expect(refused[0].errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('runs only trusted documents where the gateway allows no others', async () => {
    const refused = await collect(client(trusted, true), WATCH_ONE);
    expect(refused).toHaveLength(1);
    expect(refused[0].errors[0].message).toMatch(/^This gateway runs trusted documents only/);
  });

  it('binds a stream to the caller that reserved it', async () => {
    const url = `${guarded.server.url}/graphql`;
    const mine = `Bearer ${await token({ sub: 'owner' }, 'secret')}`;
    const reserved = await fetch(url, { method: 'PUT', headers: { authorization: mine } });
    expect(reserved.status).toBe(201);
    const streamToken = await reserved.text();
    const other = `Bearer ${await token({ sub: 'someone-else' }, 'secret')}`;
    for (const headers of [{ authorization: other }, {}]) {
      const stolen = await fetch(url, { headers: { ...headers, accept: 'text/event-stream', [TOKEN_HEADER]: streamToken } });
      expect(stolen.status).toBe(404);
      expect((await stolen.json()).errors[0].message).toMatch(/^No event stream is reserved under this x-graphql-event-stream-token for this caller/);
    }
    const controller = new AbortController();
    const owned = await fetch(url, { headers: { authorization: mine, accept: 'text/event-stream', [TOKEN_HEADER]: streamToken }, signal: controller.signal });
    expect(owned.status).toBe(200);
    expect(owned.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });

  it('holds a bounded number of reservations per client, and frees one when its stream closes', async () => {
    const url = `${bounded.server.url}/graphql`;
    const first = await (await fetch(url, { method: 'PUT' })).text();
    expect((await fetch(url, { method: 'PUT' })).status).toBe(201);
    const refused = await fetch(url, { method: 'PUT' });
    expect(refused.status).toBe(429);
    expect((await refused.json()).errors[0]).toMatchObject({
      message: 'Too many open event streams (at most 2 per client): close a stream before reserving another',
      extensions: { code: 'RATE_LIMITED' },
    });
    const controller = new AbortController();
    const stream = await fetch(url, { headers: { accept: 'text/event-stream', [TOKEN_HEADER]: first }, signal: controller.signal });
    expect(stream.status).toBe(200);
    controller.abort();
    await expect.poll(async () => (await fetch(url, { method: 'PUT' })).status).toBe(201);
  });
});

describe('GET with Accept: text/event-stream (EventSource)', () => {
  const get = (gateway: TestGateway, query: string) =>
    fetch(`${gateway.server.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/event-stream' } });

  it('runs a subscription and a query without a CSRF header', async () => {
    const subscription = await get(open, WATCH);
    expect(subscription.status).toBe(200);
    const events = await subscription.text();
    expect(events.match(/^event: next$/gm)).toHaveLength(2);
    expect(events).toContain('"id":"11"');
    expect(events).toMatch(/event: complete\n/);
    expect(await (await get(open, '{ user(id: "3") { id } }')).text()).toContain('data: {"data":{"user":{"id":"3"}}}');
  });

  it('never runs a mutation', async () => {
    const mutation = await get(open, 'mutation { __typename }');
    expect(mutation.status).toBe(405);
    expect(await mutation.text()).toContain('Can only perform a mutation operation from a POST request.');
  });

  it('keeps CSRF prevention for every other GET', async () => {
    const plain = await fetch(`${open.server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(plain.status).toBe(403);
  });

  it('applies the same policies: an anonymous caller is refused the guarded field', async () => {
    const events = await (await get(guarded, WATCH_ONE)).text();
    expect(events).toContain('"code":"UNAUTHENTICATED"');
    expect(events).not.toContain('"watchOrders":{');
  });
});
