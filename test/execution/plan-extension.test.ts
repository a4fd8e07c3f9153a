import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

// `extensions.plan`: with `execution.exposePlan`, a request carrying `x-plexus-plan: 1` gets the
// description of its plan; any other request, and every request without the key, gets none. A
// response carrying a plan is never stored in the response cache, so no other request is served it.

const FAN_OUT = '{ users(limit: 5) { id name orders { id product { id name } } } }';
const ASK = { 'x-plexus-plan': '1' };

let demo: DemoServices;
let exposing: TestGateway;
let closed: TestGateway;
let cached: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  [exposing, closed, cached] = await Promise.all([
    startDemoGateway({ env: demo.env, config: { execution: { exposePlan: true } } }),
    startDemoGateway({ env: demo.env }),
    startDemoGateway({ env: demo.env, config: { execution: { exposePlan: true }, cache: { ttl: '60s' } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([exposing, closed, cached].map((gateway) => gateway?.close()));
  await demo?.close();
});

interface PlanBody {
  data?: { users: unknown[] };
  errors?: unknown[];
  extensions?: { plan?: { fetches?: Array<{ id: number; kind: string; source: string; dependsOn: number[]; link?: string }>; unplanned?: string } };
}

describe('extensions.plan', () => {
  it('describes the fetches of the plan when the header asks and the configuration allows it', async () => {
    const { status, body } = await exposing.query<PlanBody>(FAN_OUT, undefined, ASK);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.users).toHaveLength(5);
    expect(body.extensions?.plan?.fetches?.map(({ id, kind, source, dependsOn, link }) => ({ id, kind, source, dependsOn, link }))).toEqual([
      { id: 0, kind: 'localRoot', source: 'users', dependsOn: [], link: undefined },
      { id: 1, kind: 'keyed', source: 'orders', dependsOn: [0], link: 'User.orders' },
      { id: 2, kind: 'keyed', source: 'products', dependsOn: [1], link: 'Order.product' },
    ]);
    expect((await exposing.query<PlanBody>(FAN_OUT, undefined, { 'x-plexus-plan': 'true' })).body.extensions?.plan?.fetches).toHaveLength(3);
  });

  it('says why an operation is not planned', async () => {
    const { body } = await exposing.query<PlanBody>('{ __schema { queryType { name } } }', undefined, ASK);
    expect(body.extensions?.plan).toEqual({ unplanned: expect.stringContaining('introspection') });
  });

  it('is absent without the header, and with the header when exposePlan is off', async () => {
    const without = await exposing.query<PlanBody>(FAN_OUT);
    expect(without.body.data?.users).toHaveLength(5);
    expect(without.body.extensions).toBeUndefined();
    expect((await exposing.query<PlanBody>(FAN_OUT, undefined, { 'x-plexus-plan': '0' })).body.extensions).toBeUndefined();
    const off = await closed.query<PlanBody>(FAN_OUT, undefined, ASK);
    expect(off.body.data?.users).toHaveLength(5);
    expect(off.body.extensions).toBeUndefined();
  });

  it('never reaches the response cache: a response with a plan is not stored, a cached one carries none', async () => {
    const query = '{ users(limit: 3) { id orders { id } } }';
    const asked = await fetchRaw(cached, query, ASK);
    expect(asked.body.extensions?.plan?.fetches).toHaveLength(2);
    expect(asked.cacheControl).toBe('no-store');
    // Had the answer above been stored, this request would be served its plan.
    const plain = await fetchRaw(cached, query);
    expect(plain.body.extensions).toBeUndefined();
    expect(plain.cacheControl).not.toBe('no-store');
    const hit = await fetchRaw(cached, query);
    expect(hit.body).toEqual(plain.body);
    // Served from the cache: nothing was planned for this request, so it carries no plan.
    expect((await fetchRaw(cached, query, ASK)).body.extensions).toBeUndefined();
  });
});

async function fetchRaw(gateway: TestGateway, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { body: (await response.json()) as PlanBody, cacheControl: response.headers.get('cache-control') };
}
