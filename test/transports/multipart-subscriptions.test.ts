import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { firstValueFrom, toArray } from 'rxjs';
import { GraphQLError } from 'graphql';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { multipartSubscriptionProcessor } from '../../src/transports/multipart-subscription.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { SECRET, token } from '../helpers/security.js';

// Subscriptions over multipart HTTP as Apollo Client 4 sends them and reads them.

const WATCH = 'subscription Watch { watchOrders(userId: "3", limit: 2) { id status } }';
const GUARDED = 'extend type Subscription {\n  watchOrders(limit: Int, userId: String): Order @authenticated\n}\n';
/** The Accept header Apollo Client 4's HttpLink sends for a subscription. */
const APOLLO_ACCEPT = 'multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/graphql-response+json,application/json;q=0.9';
const PART = '\r\n--graphql\r\nContent-Type: application/json; charset=utf-8\r\n\r\n';

let demo: DemoServices;
let open: TestGateway;
let guarded: TestGateway;
let limited: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  [open, guarded, limited] = await Promise.all([
    // A heartbeat shorter than the demo's half second between events, so that one falls between them.
    startDemoGateway({ env: demo.env, config: { httpStreams: { heartbeat: '100ms' } } }),
    startDemoGateway({ env: demo.env, config: { auth: { jwtSecret: SECRET } }, files: { 'schemas/policies.graphql': GUARDED } }),
    startDemoGateway({ env: demo.env, config: { rateLimit: { points: 1, window: '1h' } } }),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([open?.close(), guarded?.close(), limited?.close()]);
  await demo?.close();
});

const apollo = (gateway: TestGateway, headers: Record<string, string> = {}) =>
  new ApolloClient({ link: new HttpLink({ uri: `${gateway.server.url}/graphql`, headers }), cache: new InMemoryCache() });

const post = (gateway: TestGateway, query: string, accept: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: JSON.stringify({ query }),
  });

describe('Apollo Client over multipart HTTP', () => {
  it('refuses a rate-limited caller, as on every transport', async () => {
    const first = await firstValueFrom(
      apollo(limited)
        .subscribe({ query: gql(WATCH) })
        .pipe(toArray()),
    );
    expect(first.map((result) => (result.data as { watchOrders?: { id: string } } | undefined)?.watchOrders?.id)).toEqual(['11', '12']);
    const [refused] = await firstValueFrom(
      apollo(limited)
        .subscribe({ query: gql(WATCH) })
        .pipe(toArray()),
    );
    expect((refused!.error as { errors?: GraphQLError[] }).errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
  });

  it('subscribes with HttpLink and receives every event', async () => {
    const results = await firstValueFrom(
      apollo(open)
        .subscribe({ query: gql(WATCH) })
        .pipe(toArray()),
    );
    expect(results.map((result) => result.data)).toEqual([
      { watchOrders: { __typename: 'Order', id: '11', status: 'ORDER_STATUS_SHIPPED' } },
      { watchOrders: { __typename: 'Order', id: '12', status: 'ORDER_STATUS_DELIVERED' } },
    ]);
  });

  it('gets the refusal of a guarded subscription as a GraphQL error, and the events with a token', async () => {
    const [refused] = await firstValueFrom(
      apollo(guarded)
        .subscribe({ query: gql(WATCH) })
        .pipe(toArray()),
    );
    expect((refused!.error as { errors?: GraphQLError[] }).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const jwt = await token({ sub: 'user-3' }, 'secret');
    const allowed = await firstValueFrom(
      apollo(guarded, { authorization: `Bearer ${jwt}` })
        .subscribe({ query: gql(WATCH) })
        .pipe(toArray()),
    );
    expect(allowed.map((result) => (result.data as { watchOrders?: { id: string } } | undefined)?.watchOrders?.id)).toEqual(['11', '12']);
  });
});

describe('the wire format', () => {
  it('writes each event as a payload part, heartbeats as {}, and the closing boundary', async () => {
    const response = await post(open, WATCH, APOLLO_ACCEPT);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    const body = await response.text();
    const events = body.split(`${PART}{}`).join('');
    expect(events).toBe(
      `${PART}{"payload":{"data":{"watchOrders":{"id":"11","status":"ORDER_STATUS_SHIPPED"}}}}` +
        `${PART}{"payload":{"data":{"watchOrders":{"id":"12","status":"ORDER_STATUS_DELIVERED"}}}}` +
        '\r\n--graphql--\r\n',
    );
    expect(body).toContain(`${PART}{}`);
  });

  it('writes a failure of the stream as a null payload with errors, masked unless it is a GraphQL error', async () => {
    const logged: unknown[] = [];
    const processor = multipartSubscriptionProcessor({ heartbeatMs: 60_000, onInternalError: (error) => logged.push(error) });
    const failing = (error: Error) =>
      (async function* () {
        yield { data: { n: 1 } };
        throw error;
      })();
    const internal = await (await processor(failing(new Error('socket hang up at 10.0.0.7')), globalThis as never, 'multipart/mixed')).text();
    expect(internal).toBe(
      `${PART}{"payload":{"data":{"n":1}}}${PART}{"payload":null,"errors":[{"message":"The subscription stream failed","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}\r\n--graphql--\r\n`,
    );
    expect(logged).toHaveLength(1);
    const shown = new GraphQLError('Source "orders" closed the stream', { extensions: { code: 'UPSTREAM_ERROR' } });
    const upstream = await (await processor(failing(shown), globalThis as never, 'multipart/mixed')).text();
    expect(upstream).toContain(`{"payload":null,"errors":[{"message":"Source \\"orders\\" closed the stream","extensions":{"code":"UPSTREAM_ERROR"}}]}`);
  });

  it('leaves multipart/mixed without subscriptionSpec to yoga for queries (incremental delivery)', async () => {
    const response = await post(open, '{ user(id: "3") { id } }', 'multipart/mixed');
    expect(response.headers.get('content-type')).toBe('multipart/mixed; boundary="-"');
    expect(await response.text()).toContain('{"data":{"user":{"id":"3"}}}\r\n-----');
  });
});
