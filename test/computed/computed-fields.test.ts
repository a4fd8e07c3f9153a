import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { demoProject } from '../helpers/demo-project.js';
import type { TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createLogger } from '../../src/logger.js';
import { createGateway } from '../../src/server/gateway.js';
import { testConfig } from '../helpers/gateway.js';

const SCHEMA = `
extend type User {
  "Name and address, for display."
  displayName: String! @resolveWith(resolver: "displayName", requires: "name email")
  recentOrderCount: Int @resolveWith(resolver: "recentOrderCount", requires: "id")
  orderCountOneByOne: Int @resolveWith(resolver: "orderCountOneByOne", requires: "id")
  fragile: String @resolveWith(resolver: "fragile", requires: "id")
}
extend type Order {
  productLabel: String @resolveWith(resolver: "productLabel", requires: "productId")
  misspelled: String @resolveWith(resolver: "misspelled", requires: "productId")
}
`;

const RESOLVERS = `
export function displayName(parent) {
  return parent.name + ' <' + parent.email + '>';
}
// Every user's orders through the batch operation: one call for all parents.
export async function recentOrderCount(parent, _args, context) {
  const orders = await context.load('orders', 'ListOrdersByUsers', parent.id, { many: true });
  return orders.length;
}
// One call per distinct user (no batch operation for this one), identical calls shared.
export async function orderCountOneByOne(parent, _args, context) {
  const answer = await context.call('orders', 'ListOrdersByUser', { userId: parent.id });
  return answer.orders.length;
}
// A GraphQL source's root field, with the fields to fetch named; identical calls shared.
export async function productLabel(parent, _args, context) {
  const product = await context.call('products', 'product', { id: parent.productId }, { selection: 'name price' });
  return product && product.name + ' (' + product.price + ')';
}
export async function misspelled(parent, _args, context) {
  return (await context.call('products', 'product', { id: parent.productId }, { selection: 'nmae' })).nmae;
}
export function fragile(parent) {
  if (parent.id === '2') throw new Error('secret internals');
  return 'fine';
}
`;

const SOURCES = ['users', 'orders'] as const;

let demo: DemoServices;
let project: TempProject;
let planned: TestGateway;
let standard: TestGateway;
const logs: string[] = [];

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  project = await demoProject({ sources: [...SOURCES, 'products'], files: { 'schemas/computed.graphql': SCHEMA, 'resolvers.mjs': RESOLVERS } });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const common = { sourcesDir: project.sourcesDir, env: demo.env, logger: createLogger({ level: 'error' }, destination) };
  [planned, standard] = await Promise.all([
    startTestGateway({ ...common, config: { resolvers: ['./resolvers.mjs'], execution: { exposePlan: true } } }),
    startTestGateway({ ...common, config: { resolvers: ['./resolvers.mjs'], execution: { planner: false } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([planned?.close(), standard?.close()]);
  await demo?.close();
  await project?.remove();
});

async function delta(gateway: TestGateway, query: string) {
  const counts = () => Promise.all(SOURCES.map((source) => gateway.metric('plexus_upstream_requests_total', { source })));
  const before = await counts();
  const { body } = await gateway.query(query);
  const after = await counts();
  return { body, calls: Object.fromEntries(SOURCES.map((source, index) => [source, after[index]! - before[index]!])) };
}

describe('computed fields (@resolveWith)', () => {
  it('reads required fields the client did not select', async () => {
    for (const gateway of [planned, standard]) {
      const { body, calls } = await delta(gateway, '{ users(limit: 2) { id displayName } }');
      expect(body).toEqual({
        data: {
          users: [
            { id: '1', displayName: 'Ada Lovelace <ada.lovelace.1@example.com>' },
            { id: '2', displayName: expect.stringMatching(/^.+ <.+@.+>$/) },
          ],
        },
      });
      expect(calls).toEqual({ users: 1, orders: 0 });
    }
  });

  it('batches the loads of five parents into one call of the batch operation', async () => {
    const query = '{ users(limit: 5) { id recentOrderCount } }';
    const first = await delta(planned, query);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.users).toEqual(['1', '2', '3', '4', '5'].map((id) => ({ id, recentOrderCount: 5 })));
    expect(first.calls).toEqual({ users: 1, orders: 1 });
    const second = await delta(standard, query);
    expect(second.body).toEqual(first.body);
    expect(second.calls).toEqual({ users: 1, orders: 1 });
    // Planned, not left to the standard executor: a fetch of its own after the users' one.
    const { body } = await planned.query(query, undefined, { 'x-plexus-plan': '1' });
    expect(body.extensions.plan.fetches).toEqual([
      expect.objectContaining({ id: 0, kind: 'localRoot', source: 'users' }),
      expect.objectContaining({ id: 1, kind: 'computed', source: './resolvers.mjs', calls: ['User.recentOrderCount'], level: 1, dependsOn: [0] }),
    ]);
  });

  it('calls an operation without a batch once per distinct argument, across aliases', async () => {
    const query = '{ a: users(limit: 5) { orderCountOneByOne } b: users(limit: 3) { orderCountOneByOne } }';
    const { body, calls } = await delta(planned, query);
    expect(body.errors).toBeUndefined();
    expect(body.data.a).toHaveLength(5);
    expect(body.data.b).toEqual([{ orderCountOneByOne: 5 }, { orderCountOneByOne: 5 }, { orderCountOneByOne: 5 }]);
    expect(calls.orders).toBe(5);
    const onStandard = await delta(standard, query);
    expect(onStandard.body).toEqual(body);
    expect(onStandard.calls.orders).toBe(5);
  });

  it('masks an error of the resolver on its path, logs it with module and field, and answers the rest', async () => {
    for (const gateway of [planned, standard]) {
      const { body } = await delta(gateway, '{ users(limit: 3) { id fragile } }');
      expect(body.data.users).toEqual([
        { id: '1', fragile: 'fine' },
        { id: '2', fragile: null },
        { id: '3', fragile: 'fine' },
      ]);
      expect(body.errors).toEqual([expect.objectContaining({ path: ['users', 1, 'fragile'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expect(JSON.stringify(body)).not.toContain('secret internals');
    }
    const logged = logs.map((line) => JSON.parse(line)).filter((line) => line.field === 'User.fragile');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ module: './resolvers.mjs', err: expect.objectContaining({ message: 'secret internals' }) });
  });

  it('calls a GraphQL source with the selection the resolver names, one call per distinct argument', async () => {
    const query = '{ users(limit: 4) { orders { productId product { name price } productLabel } } }';
    for (const gateway of [planned, standard]) {
      const before = await gateway.metric('plexus_upstream_requests_total', { source: 'products' });
      const { body } = await gateway.query(query);
      const after = await gateway.metric('plexus_upstream_requests_total', { source: 'products' });
      expect(body.errors).toBeUndefined();
      const orders = (
        body.data as { users: Array<{ orders: Array<{ productId: string; product: { name: string; price: number }; productLabel: string }> }> }
      ).users.flatMap((user) => user.orders);
      expect(orders.length).toBeGreaterThan(0);
      for (const order of orders) expect(order.productLabel).toBe(`${order.product.name} (${order.product.price})`);
      // One productsByIds call for the link, and one product call per distinct id for the resolver.
      expect(after - before).toBe(1 + new Set(orders.map((order) => order.productId)).size);
    }
  });

  it('refuses a selection the source does not have before calling it, masked for the client and logged', async () => {
    const before = await planned.metric('plexus_upstream_requests_total', { source: 'products' });
    const { body } = await planned.query('{ users(limit: 1) { orders { misspelled } } }');
    expect(await planned.metric('plexus_upstream_requests_total', { source: 'products' })).toBe(before);
    expect(body.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logs.join('')).toContain('Cannot query field \\"nmae\\" on type \\"Product\\"');
  });

  it('gives the same data with links and computed fields together on both executors', async () => {
    const query = '{ users(limit: 4) { name displayName recentOrderCount orders { id user { displayName } } } }';
    const a = await delta(planned, query);
    const b = await delta(standard, query);
    expect(a.body.errors).toBeUndefined();
    expect(b.body).toEqual(a.body);
    expect(a.body.data.users[3].orders[0].user.displayName).toBe(a.body.data.users[3].displayName);
  });
});

describe('a computed field that cannot be served', () => {
  it('names the unknown resolver at its line in schemas/', async () => {
    const broken = await demoProject({
      sources: ['users'],
      links: false,
      files: {
        'schemas/computed.graphql': 'extend type User {\n  a: String @resolveWith(resolver: "displayNam", requires: "name")\n}\n',
        'resolvers.mjs': RESOLVERS,
      },
    });
    try {
      const message = await createGateway({
        config: testConfig({ resolvers: ['./resolvers.mjs'] }),
        sourcesDir: broken.sourcesDir,
        schemasDir: broken.schemasDir,
        cwd: broken.dir,
        env: {},
        logger: createLogger({ level: 'silent' }),
      }).then(
        async (gateway) => {
          await gateway.close();
          return 'started';
        },
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(message).toMatch(
        /^schemas\/computed\.graphql:2: unknown resolver "displayNam" \(resolvers: displayName, fragile, misspelled, orderCountOneByOne, productLabel, recentOrderCount\); did you mean "displayName"\?/,
      );
    } finally {
      await broken.remove();
    }
  });
});
