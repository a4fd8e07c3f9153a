import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../../demo/services.js';
import { demoSourceFile, startDemoGateway } from '../../helpers/demo-project.js';
import type { TestGateway } from '../../helpers/gateway.js';

// The demo with types and fields renamed in three kinds of source (REST, gRPC, GraphQL): the
// fan-out runs through the planner under the new names, with the data and the upstream call
// counts of the demo as it ships.

const SOURCES = ['users', 'orders', 'products'] as const;
const ORIGINAL = '{ users(limit: 50) { id name email orders { id quantity status total product { id name price } } } }';
const RENAMED = '{ users(limit: 50) { id fullName email orders { id units status total product { id name unitPrice } } } }';
const ASK_PLAN = { 'x-plexus-plan': '1' };

const LINKS = `
extend type Customer {
  orders: [Purchase!] @resolveBy(source: "orders", operation: "ListOrdersByUsers", key: "id")
}
extend type Purchase {
  user: Customer @resolveBy(source: "users", operation: "usersByIds", key: "userId")
  product: Item @resolveBy(source: "products", operation: "productsByIds", key: "productId", argument: "ids")
}
extend type Item {
  unitPrice: Float! @cacheControl(maxAge: 30)
}
`;

async function withTransforms(source: (typeof SOURCES)[number], transforms: string): Promise<string> {
  return `${await readFile(demoSourceFile(source, 'source.yaml'), 'utf8')}\n${transforms}\n`;
}

let demo: DemoServices;
let original: TestGateway;
let renamed: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  const files = {
    'sources/users/source.yaml': await withTransforms('users', 'transforms:\n  rename:\n    types: { User: Customer }\n    fields: { "User.name": fullName }'),
    'sources/orders/source.yaml': await withTransforms(
      'orders',
      'transforms:\n  rename:\n    types: { "^Order(Status)?$": "Purchase$1" }\n    fields: { "Order.quantity": units }',
    ),
    'sources/products/source.yaml': await withTransforms(
      'products',
      'transforms:\n  rename:\n    types: { Product: Item }\n    fields: { "Product.price": unitPrice }',
    ),
    'schemas/links.graphql': LINKS,
  };
  [original, renamed] = await Promise.all([
    startDemoGateway({ env: demo.env, config: { execution: { exposePlan: true } } }),
    startDemoGateway({ env: demo.env, files, config: { execution: { exposePlan: true }, cache: { ttl: '60s' } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([original, renamed].map((gateway) => gateway?.close()));
  await demo?.close();
});

async function run(gateway: TestGateway, query: string) {
  const count = () => Promise.all(SOURCES.map((source) => gateway.metric('plexus_upstream_requests_total', { source })));
  const before = await count();
  const { body, status } = await gateway.query(query, undefined, ASK_PLAN);
  const after = await count();
  return { status, body, calls: Object.fromEntries(SOURCES.map((source, index) => [source, after[index]! - before[index]!])) };
}

describe('a demo whose sources rename types and fields', () => {
  it('answers the fan-out under the new names with the same data and calls, through the planner', async () => {
    const before = await run(original, ORIGINAL);
    const after = await run(renamed, RENAMED);
    expect(after.body.errors).toBeUndefined();
    expect(after.calls).toEqual({ users: 1, orders: 1, products: 1 });
    expect(after.calls).toEqual(before.calls);
    const expected = before.body.data.users.map((user: any) => ({
      id: user.id,
      fullName: user.name,
      email: user.email,
      orders: user.orders.map((order: any) => ({
        id: order.id,
        units: order.quantity,
        status: order.status,
        total: order.total,
        product: { id: order.product.id, name: order.product.name, unitPrice: order.product.price },
      })),
    }));
    expect(after.body.data.users).toHaveLength(50);
    expect(after.body.data.users).toEqual(expected);
    const fetches = after.body.extensions.plan.fetches.map(({ kind, source, link }: any) => ({ kind, source, link }));
    expect(fetches).toEqual([
      { kind: 'localRoot', source: 'users', link: undefined },
      { kind: 'keyed', source: 'orders', link: 'Customer.orders' },
      { kind: 'keyed', source: 'products', link: 'Purchase.product' },
    ]);
  });

  it('shows only the new names in the schema', async () => {
    const { body } = await renamed.query(
      '{ __type(name: "Customer") { fields { name } } user: __type(name: "User") { name } status: __type(name: "PurchaseStatus") { name } }',
    );
    expect(body.data.__type.fields.map((field: { name: string }) => field.name)).toEqual(expect.arrayContaining(['fullName', 'orders']));
    expect(body.data.__type.fields.map((field: { name: string }) => field.name)).not.toContain('name');
    expect(body.data.user).toBeNull();
    expect(body.data.status).toEqual({ name: 'PurchaseStatus' });
  });

  it('sends type conditions, enum results and __typename of a GraphQL source in its own names', async () => {
    const { body, calls } = await run(
      renamed,
      '{ products(first: 2) { __typename ... on Item { unitPrice } also: unitPrice name } product(id: "7") { __typename id } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.products).toHaveLength(2);
    expect(body.data.products[0]).toEqual({
      __typename: 'Item',
      unitPrice: expect.any(Number),
      also: body.data.products[0].unitPrice,
      name: expect.any(String),
    });
    expect(body.data.product).toEqual({ __typename: 'Item', id: '7' });
    // Both root fields in one request to the products service, as without the renames.
    expect(calls.products).toBe(1);
  });

  it('applies a policy written against a renamed field', async () => {
    const response = await fetch(`http://127.0.0.1:${renamed.server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ product(id: "7") { unitPrice } }' }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).data.product.unitPrice).toEqual(expect.any(Number));
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=(29|30)$/);
  });
});
