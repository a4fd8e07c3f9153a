import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServices } from '../../demo/services.js';
import { startDemoExecutors, startDemoGateway, type DemoExecutors } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { subscribe } from '../sources/grpc/support/sse.js';

// A subscription runs its plan once per event: the stream's event is the root value, and the
// links below it are fetched for that event, one call per link. The events must be those the
// standard executor delivers.

const WATCH = 'subscription { watchOrders(userId: "3", limit: 2) { id status user { name } product { name price } } }';

describe('subscriptions through the planner', () => {
  let demo: DemoServices;
  let planned: TestGateway;
  let standard: TestGateway;
  let executors: DemoExecutors;

  beforeAll(async () => {
    executors = await startDemoExecutors();
    ({ demo, planned, standard } = executors);
  });
  afterAll(() => executors?.close());

  const requests = () => Object.fromEntries(Object.entries(demo.services).map(([name, service]) => [name, service.requests]));

  it('delivers the events of the standard executor, with one call per link and event', async () => {
    const before = requests();
    const events = await subscribe(`${planned.server.url}/graphql`, WATCH);
    const after = requests();
    const next = events.filter((event) => event.event === 'next').map((event) => event.data);
    expect(next).toHaveLength(2);
    expect(next[0].data.watchOrders).toMatchObject({ id: '11', user: { name: expect.any(String) }, product: { name: expect.any(String) } });
    expect(events.at(-1)!.event).toBe('complete');
    // One stream, then per event one users call and one products call: identical calls are shared
    // within an event, never from one event to the next (the same user would be stale by then).
    expect({ orders: after.orders! - before.orders!, users: after.users! - before.users!, products: after.products! - before.products! }).toEqual({
      orders: 1,
      users: 2,
      products: 2,
    });

    const reference = await subscribe(`${standard.server.url}/graphql`, WATCH);
    expect(next).toEqual(reference.filter((event) => event.event === 'next').map((event) => event.data));
  });

  it('puts a failed link of an event on its path and keeps the stream going', async () => {
    const down = await startDemoGateway({ env: { ...demo.env, USERS_URL: 'http://127.0.0.1:9/' } });
    try {
      const events = await subscribe(`${down.server.url}/graphql`, WATCH);
      const next = events.filter((event) => event.event === 'next').map((event) => event.data);
      expect(next).toHaveLength(2);
      for (const event of next) {
        expect(event.data.watchOrders.user).toBeNull();
        expect(event.errors[0]).toMatchObject({ path: ['watchOrders', 'user'], extensions: { code: 'UPSTREAM_ERROR', source: 'users' } });
      }
    } finally {
      await down.close();
    }
  });
});
