import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { gatewayConfigSchema } from '../../src/config/gateway-config.js';
import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import { payloadHeader } from '../../src/transports/websocket/connection-headers.js';
import { upgradeRefusal } from '../../src/transports/websocket/upgrade-refusal.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { subscribe as subscribeOverSse } from '../sources/grpc/support/sse.js';
import { SECRET, token } from '../helpers/security.js';
import { handshake, testClient, type TestClient } from './support/websocket-client.js';

// GraphQL over WebSocket runs every operation through the plugins HTTP requests go through: the
// same answers, the same policies (auth, field policies, CORS origins, rate limit), one budget.

const WATCH = 'subscription { watchOrders(userId: "3", limit: 2) { id status user { name } product { name price } } }';
const POLICIES = 'extend type Order {\n  total: Int64! @authenticated\n}\n';
const ALLOWED_ORIGIN = 'https://app.example.com';

let demo: DemoServices;
let gateway: TestGateway;
const clients: TestClient[] = [];
const client = (options: Parameters<typeof testClient>[1] = {}) => {
  const made = testClient(gateway.server.url, options);
  clients.push(made);
  return made;
};

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  gateway = await startDemoGateway({
    env: demo.env,
    files: { 'schemas/policies.graphql': POLICIES },
    config: {
      auth: { jwtSecret: SECRET, clockTolerance: 0 },
      cors: { origins: [ALLOWED_ORIGIN] },
      rateLimit: { operations: { Limited: { points: 1, window: '60s' } } },
    },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((made) => made.dispose()));
  await gateway?.close();
  await demo?.close();
});

describe('GraphQL over WebSocket', () => {
  it('delivers the events of the same subscription over SSE', async () => {
    const [overWebSocket, overSse] = await Promise.all([client().run(WATCH), subscribeOverSse(`${gateway.server.url}/graphql`, WATCH)]);
    expect(overWebSocket.error).toBeUndefined();
    expect(overWebSocket.results).toHaveLength(2);
    expect(overWebSocket.results[0]!.data).toMatchObject({
      watchOrders: { id: '11', user: { name: expect.any(String) }, product: { name: expect.any(String) } },
    });
    expect(overWebSocket.results).toEqual(overSse.filter((event) => event.event === 'next').map((event) => event.data));
  });

  it('answers a query as HTTP does', async () => {
    const query = '{ user(id: "3") { name orders { id status } } }';
    const counted = await gateway.metric('plexus_graphql_requests_total', { status: 'ok' });
    const { results, error } = await client().run(query);
    expect(error).toBeUndefined();
    expect(await gateway.metric('plexus_graphql_requests_total', { status: 'ok' })).toBe(counted + 1);
    expect(results).toEqual([(await gateway.query(query)).body]);
    expect(results[0]!.data).toMatchObject({ user: { name: expect.any(String), orders: expect.any(Array) } });
  });

  it('refuses an anonymous connection a field guarded by a policy, and serves it to a verified token', async () => {
    const guarded = 'subscription { watchOrders(userId: "3", limit: 1) { id total } }';
    const anonymous = await client().run(guarded);
    expect(anonymous.results).toEqual([]);
    expect(anonymous.error).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);

    // The token in either shape of the connection_init payload, or in the handshake's headers.
    const bearer = `Bearer ${await token({ sub: 'ws-user' }, 'secret')}`;
    const ways = [
      { connectionParams: { Authorization: bearer } },
      { connectionParams: { headers: { authorization: bearer } } },
      { headers: { authorization: bearer } },
    ];
    for (const verified of await Promise.all(ways.map((options) => client(options).run(guarded)))) {
      expect(verified.error).toBeUndefined();
      expect(verified.results).toEqual([{ data: { watchOrders: { id: '11', total: expect.anything() } } }]);
    }
  });

  it('refuses a token that is not valid when the connection is initialised', async () => {
    const forged = await token({ sub: 'ws-user' }, 'secret').then((valid) => `${valid.slice(0, -4)}AAAA`);
    const refused = client({ connectionParams: { authorization: `Bearer ${forged}` }, eager: true });
    expect(await refused.closed).toEqual({ code: 4403, reason: 'The token signature is not valid' });

    const malformed = client({ connectionParams: { authorization: 'Basic dXNlcjpwYXNz' } });
    const { error } = await malformed.run('{ __typename }');
    expect(error).toMatchObject({ code: 4403, reason: 'The token is malformed' });
  });

  it('ends a subscription with UNAUTHENTICATED when its token expires, then closes the connection', async () => {
    const expiring = await token({ sub: 'ws-user' }, 'secret', { expiresIn: 2 });
    const connection = client({ connectionParams: { authorization: `Bearer ${expiring}` }, eager: true });
    const { results, error } = await connection.run('subscription { watchOrders(userId: "3", limit: 0) { id total } }');
    expect(results.length).toBeGreaterThan(0);
    expect(error).toEqual([expect.objectContaining({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(await connection.closed).toEqual({ code: 4403, reason: 'The token has expired' });
  });

  it('refuses a browser page whose origin is not allowed, and serves allowed origins and non-browser clients', async () => {
    const refused = await handshake(gateway.server.url, { headers: { origin: 'https://evil.example' } });
    expect(refused).toEqual({ opened: false, status: 403, body: expect.stringContaining('https://evil.example is not allowed') });
    expect(await handshake(gateway.server.url, { headers: { origin: ALLOWED_ORIGIN } })).toEqual({ opened: true });
    expect(await handshake(gateway.server.url)).toEqual({ opened: true });
  });

  it('charges operations to the same rate limit as HTTP and refuses with the same code', async () => {
    const limited = 'query Limited { __typename }';
    expect((await gateway.query(limited)).status).toBe(200);
    const { results, error } = await client().run(limited);
    expect(results).toEqual([]);
    expect(error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);
    const overHttp = await gateway.query(limited);
    expect(overHttp.status).toBe(429);
    expect(overHttp.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('refuses another path or subprotocol with a status and a text naming what is served', async () => {
    const path = await handshake(gateway.server.url, { path: '/subscriptions' });
    expect(path).toEqual({ opened: false, status: 404, body: expect.stringContaining('served at /graphql with the subprotocol graphql-transport-ws') });
    const protocol = await handshake(gateway.server.url, { protocols: ['graphql-ws'] });
    expect(protocol).toEqual({
      opened: false,
      status: 400,
      body: expect.stringMatching(/Unsupported WebSocket subprotocol "graphql-ws".*graphql-transport-ws/),
    });
  });

  // Last: it stops the gateway.
  it('closes connections with 1001 when the gateway drains', async () => {
    const connection = client({ eager: true });
    const first = new Promise<void>((resolve) => void connection.run('subscription { watchOrders(limit: 0) { id } }', { onResult: () => resolve() }));
    await first;
    await gateway.server.close(5_000);
    expect(await connection.closed).toEqual({ code: 1001, reason: 'The gateway is shutting down' });
  });
});

describe('GraphQL over WebSocket with trusted documents only', () => {
  it("runs the manifest's documents by id and refuses any other", async () => {
    const trusted = await startDemoGateway({
      env: demo.env,
      sources: ['users'],
      links: false,
      files: { 'manifest.json': JSON.stringify({ 'sha256:0123abcd': 'query Known { user(id: "3") { name } }' }) },
      config: { persistedDocuments: { trusted: { manifest: 'manifest.json' } } },
    });
    const connection = testClient(trusted.server.url);
    try {
      const known = await connection.run('', { extensions: { persistedQuery: { version: 1, sha256Hash: '0123abcd' } } });
      expect(known).toEqual({ results: [{ data: { user: { name: expect.any(String) } } }] });
      const arbitrary = await connection.run('{ user(id: "3") { name email } }');
      expect(arbitrary.error).toEqual([
        expect.objectContaining({ message: expect.stringContaining('trusted documents only'), extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
    } finally {
      await connection.dispose();
      await trusted.close();
    }
  });
});

describe('the websocket configuration', () => {
  const upgrade = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage;
  const handshakeHeaders = { upgrade: 'websocket', 'sec-websocket-protocol': 'graphql-transport-ws', host: 'gateway.example' };

  it('switches the transport off with websocket: false or PLEXUS_WEBSOCKET', async () => {
    const off = gatewayConfigSchema.parse({ websocket: false });
    expect(off.websocket).toMatchObject({ enabled: false });
    const fromEnv = await loadGatewayConfig({
      path: '/nonexistent/gateway.yaml',
      displayPath: 'gateway.yaml',
      required: false,
      env: { PLEXUS_WEBSOCKET: 'false' },
    });
    expect(fromEnv.websocket.enabled).toBe(false);
    expect(upgradeRefusal(upgrade('/graphql', handshakeHeaders), { endpoint: '/graphql', enabled: false, cors: off.cors })).toMatchObject({
      status: 404,
      message: expect.stringContaining('websocket.enabled'),
    });
  });

  it('serves pages of the gateway itself without a CORS entry', () => {
    const { cors } = gatewayConfigSchema.parse({ cors: false });
    const rules = { endpoint: '/graphql', enabled: true, cors };
    expect(upgradeRefusal(upgrade('/graphql', { ...handshakeHeaders, origin: 'https://gateway.example' }), rules)).toBeUndefined();
    expect(upgradeRefusal(upgrade('/graphql', { ...handshakeHeaders, origin: 'https://other.example' }), rules)).toMatchObject({ status: 403 });
  });

  it('reads the token of a connection_init payload in any case, at the top or under headers', () => {
    expect(payloadHeader({ AUTHORIZATION: 'Bearer a' }, 'authorization')).toBe('Bearer a');
    expect(payloadHeader({ headers: { Authorization: 'Bearer b' } }, 'authorization')).toBe('Bearer b');
    expect(payloadHeader({ headers: 'nonsense', authorization: 42 }, 'authorization')).toBeUndefined();
  });
});
