import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoName, DemoServices } from '../../demo/services.js';
import { MIXED } from '../../bench/scenarios.js';
import { startDemoExecutors, type DemoExecutors } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

// Upstream calls per query shape, counted by the demo services themselves: the planner makes one
// call per source operation and plan level, whatever root field, alias, fragment or list level the
// parents of a link come from. The standard executor (execution.planner: false) makes more for the
// same query, which is what the planner is for.

type Calls = Partial<Record<DemoName, number>>;

describe('upstream calls of planned operations', () => {
  let demo: DemoServices;
  let planned: TestGateway;
  let standard: TestGateway;
  let executors: DemoExecutors;

  beforeAll(async () => {
    executors = await startDemoExecutors();
    ({ demo, planned, standard } = executors);
  });
  afterAll(() => executors?.close());

  async function callsOf(gateway: TestGateway, query: string): Promise<{ calls: Calls; body: { data?: unknown; errors?: unknown[] } }> {
    const before = Object.fromEntries(Object.entries(demo.services).map(([name, service]) => [name, service.requests]));
    const body = await gateway.query(query);
    const calls: Calls = {};
    for (const [name, service] of Object.entries(demo.services) as [DemoName, { requests: number }][]) {
      const made = service.requests - before[name]!;
      if (made > 0) calls[name] = made;
    }
    return { calls, body: body as { data?: unknown; errors?: unknown[] } };
  }

  it('answers the mixed query with one orders call and one products call for all its links', async () => {
    const { calls, body } = await callsOf(planned, MIXED);
    expect(body.errors).toBeUndefined();
    // users: one usersByIds batch for both lookups and one list; products: one productsByIds for
    // every order of every user, and one document with both products root fields.
    expect(calls).toEqual({ users: 2, orders: 1, products: 2 });
    const reference = await callsOf(standard, MIXED);
    expect(reference.body).toEqual(body);
    expect((reference.calls.orders ?? 0) + (reference.calls.products ?? 0)).toBeGreaterThan(3);
  });

  it('makes one call per link and level for the fan-out', async () => {
    const { calls, body } = await callsOf(planned, '{ users(limit: 50) { id orders { id product { id name } } } }');
    expect(body.errors).toBeUndefined();
    expect(calls).toEqual({ users: 1, orders: 1, products: 1 });
  });

  it('gives the same link at two plan levels a call each, and never more', async () => {
    const { calls } = await callsOf(planned, '{ users(limit: 3) { name orders { id user { name orders { id } } } } }');
    expect(calls).toEqual({ users: 2, orders: 2 });
  });

  it('gathers parents from different list levels and root fields into one call', async () => {
    const { calls, body } = await callsOf(
      planned,
      `{ a: getOrder(id: "1") { product { name } } b: listOrdersByUser(userId: "2") { orders { product { id } } }
         c: users(limit: 2) { orders { product { price } } } }`,
    );
    expect(body.errors).toBeUndefined();
    // orders: getOrder, listOrdersByUser and one ListOrdersByUsers. products: one productsByIds for
    // the orders of a and b (both answered by root fields), one for those of c (answered by a link).
    expect(calls).toEqual({ orders: 3, users: 1, products: 2 });
  });
});
