import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { demoProject, startDemoGateway } from '../helpers/demo-project.js';
import type { TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const FAN_OUT = '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }';
const SOURCES = ['users', 'orders', 'products'] as const;

let demo: DemoServices;
let gateway: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  gateway = await startDemoGateway({ env: demo.env });
});
afterAll(async () => {
  await gateway.close();
  await demo.close();
});

async function callCounts(target: TestGateway) {
  return Object.fromEntries(
    await Promise.all(SOURCES.map(async (source) => [source, await target.metric('plexus_upstream_requests_total', { source })] as const)),
  );
}

async function delta(target: TestGateway, query: string) {
  const before = await callCounts(target);
  const result = await target.query(query);
  const after = await callCounts(target);
  return { body: result.body, calls: Object.fromEntries(SOURCES.map((source) => [source, after[source]! - before[source]!])) };
}

describe('the demo fan-out across REST, gRPC and GraphQL', () => {
  it('answers the showcase query with exactly one upstream call per source', async () => {
    const { body, calls } = await delta(gateway, FAN_OUT);
    expect(body.errors).toBeUndefined();
    expect(body.data.users).toHaveLength(50);
    expect(body.data.users.every((user: { orders: unknown[] }) => user.orders.length === 5)).toBe(true);
    expect(body.data.users[0].orders[0]).toEqual({ id: '1', quantity: 2, total: '20216', product: { id: '8', name: 'Compact Notebook', price: 101.08 } });
    expect(calls).toEqual({ users: 1, orders: 1, products: 1 });
    // 250 orders name at most 30 distinct products: each is asked for once.
    const distinctProducts = new Set(
      body.data.users.flatMap((user: { orders: { product: { id: string } }[] }) => user.orders.map((order) => order.product.id)),
    );
    expect(await gateway.metric('plexus_link_batch_size_sum', { link: 'Order.product' })).toBeGreaterThanOrEqual(distinctProducts.size);
  });

  it('answers deep nesting (users, orders, user, orders) with one call per source and level', async () => {
    const { body, calls } = await delta(gateway, '{ users(limit: 3) { name orders { id user { name orders { id } } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.users[2].orders[4].user.orders).toHaveLength(5);
    expect(calls).toEqual({ users: 2, orders: 2, products: 0 });
  });

  it('batches aliased root fields with different keys into one call', async () => {
    const { body, calls } = await delta(gateway, '{ a: user(id: "1") { name } b: user(id: "2") { name } c: user(id: "1") { name } }');
    expect(body.data).toEqual({ a: { name: 'Ada Lovelace' }, b: { name: expect.any(String) }, c: { name: 'Ada Lovelace' } });
    expect(calls.users).toBe(1);
  });
});

describe('aliases and fragments', () => {
  it('share one batch per link and level across aliased root fields', async () => {
    const { body, calls } = await delta(
      gateway,
      `query Mixed {
        first: user(id: "1") { ...Person }
        second: user(id: "2") { ...Person }
        third: user(id: "3") { ...Person }
        catalogue: products(first: 5) { ...Item }
        top: product(id: "7") { ...Item }
      }
      fragment Person on User { id name orders { id status product { ...Item } } }
      fragment Item on Product { id name price }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.third.orders).toHaveLength(5);
    // users: the three aliases in one batch; orders: one batch for the three users; products: the two
    // root fields in one request, then one batch for every order's product.
    expect(calls).toEqual({ users: 1, orders: 1, products: 2 });
  });
});

describe('the demo fan-out without batch operations', () => {
  let project: TempProject;
  let plain: TestGateway;

  beforeAll(async () => {
    project = await demoProject({
      sources: SOURCES,
      files: {
        'schemas/links.graphql': `
extend type User { orders: [Order!] @resolveBy(source: "orders", operation: "ListOrdersByUser", key: "id", results: "orders") }
extend type Order { product: Product @resolveBy(source: "products", operation: "product", key: "productId") }
`,
      },
    });
    plain = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: demo.env });
  });
  afterAll(async () => {
    await plain.close();
    await project.remove();
  });

  it('makes one call per distinct key, and returns the same answer', async () => {
    const batched = await gateway.query(FAN_OUT);
    const { body, calls } = await delta(plain, FAN_OUT);
    expect(body).toEqual(batched.body);
    const productIds = new Set(body.data.users.flatMap((user: { orders: { product: { id: string } }[] }) => user.orders.map((order) => order.product.id)));
    expect(calls.users).toBe(1);
    expect(calls.orders).toBe(50);
    // The products source is GraphQL: its per-key operations travel together in one request.
    expect(calls.products).toBe(1);
    expect(await plain.metric('plexus_link_batch_size_count', { link: 'Order.product' })).toBe(1);
    expect(await plain.metric('plexus_link_batch_size_sum', { link: 'Order.product' })).toBe(productIds.size);
  });
});
