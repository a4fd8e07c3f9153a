import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startOrders } from '../../../demo/orders/server.js';
import type { DemoService } from '../../../demo/serve.js';
import { demoProject } from '../../helpers/demo-project.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { mustLoad } from './support/source.js';
import { subscribe } from './support/sse.js';

// The demo's orders source folder, alone in a project, against the demo server.
let orders: DemoService;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  orders = await startOrders(0);
  project = await demoProject({ sources: ['orders'], links: false });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: { ORDERS_URL: orders.url } });
});

afterAll(async () => {
  await gateway?.close();
  await orders?.close();
  await project?.remove();
});

describe('the orders demo through the gateway', () => {
  test('GetOrder: an order with int64 cents, enum status and a Timestamp', async () => {
    const { body } = await gateway.query('{ getOrder(id: "7") { id userId productId quantity total status createdAt } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.getOrder).toMatchObject({ id: '7', userId: '2', status: expect.stringMatching(/^ORDER_STATUS_/) });
    expect(body.data.getOrder.total).toMatch(/^\d+$/);
    expect(body.data.getOrder.createdAt).toMatch(/^2024-\d\d-\d\dT\d\d:00:00Z$/);
  });

  test('GetOrder of an unknown id: null and an error naming the gRPC status', async () => {
    const { body } = await gateway.query('{ getOrder(id: "999") { id } }');
    expect(body.data.getOrder).toBeNull();
    expect(body.errors[0]).toMatchObject({
      message: 'Source "orders" answered NOT_FOUND',
      extensions: { code: 'UPSTREAM_ERROR', source: 'orders', grpcStatus: 'NOT_FOUND' },
    });
  });

  test('five orders per user; the batch RPC answers a flat list for many users in one call', async () => {
    const before = orders.requests;
    const { body } = await gateway.query('{ listOrdersByUser(userId: "50") { orders { id } } listOrdersByUsers(userIds: ["1", "2"]) { id userId } }');
    expect(body.data.listOrdersByUser.orders.map((order: { id: string }) => order.id)).toEqual(['246', '247', '248', '249', '250']);
    expect(body.data.listOrdersByUsers).toHaveLength(10);
    expect(new Set(body.data.listOrdersByUsers.map((order: { userId: string }) => order.userId))).toEqual(new Set(['1', '2']));
    expect(orders.requests - before).toBe(2);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'orders' })).toBeGreaterThanOrEqual(2);
  });

  test('WatchOrders is a subscription delivered over SSE', async () => {
    const events = await subscribe(`${gateway.server.url}/graphql`, 'subscription { watchOrders(userId: "3", limit: 2) { id userId status } }');
    const next = events.filter((event) => event.event === 'next');
    expect(next).toHaveLength(2);
    expect(next[0]!.data.data.watchOrders).toMatchObject({ id: '11', userId: '3' });
    expect(events.at(-1)!.event).toBe('complete');
  });
});

test('the demo source lists its RPCs, with the batch option as GraphQL names', async () => {
  const source = await mustLoad(project, 'orders', { mode: 'compose' });
  expect(source.operations).toEqual([
    { name: 'GetOrder', rootType: 'Query', field: 'getOrder' },
    { name: 'ListOrdersByUser', rootType: 'Query', field: 'listOrdersByUser' },
    { name: 'ListOrdersByUsers', rootType: 'Query', field: 'listOrdersByUsers', batch: { argument: 'userIds', key: 'userId' } },
    { name: 'WatchOrders', rootType: 'Subscription', field: 'watchOrders' },
  ]);
  await source.close();
});

test('the demo server offers reflection: the same source loads without its proto', async () => {
  const reflected = await tempProject({ 'sources/orders/source.yaml': `kind: grpc\nendpoint: ${orders.url}\ntypeNames: short\n` });
  try {
    const source = await mustLoad(reflected, 'orders');
    expect(source.operations.map((operation) => operation.field)).toEqual(['getOrder', 'listOrdersByUser', 'listOrdersByUsers', 'watchOrders']);
    await source.close();
  } finally {
    await reflected.remove();
  }
});
