import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

// A plan is made once per document (by its hash), operation and values of its @skip/@include
// variables: the same document sent again, sent by its APQ hash, or with other values of its
// other variables reuses it; a schema reload starts a new cache.

const QUERY = 'query Orders($id: String!, $withProduct: Boolean!) { user(id: $id) { name orders { id product @include(if: $withProduct) { name } } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');

describe('the plan cache', () => {
  let demo: DemoServices;
  let gateway: TestGateway;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    gateway = await startDemoGateway({ env: demo.env });
  });
  afterAll(async () => {
    await gateway?.close();
    await demo?.close();
  });

  const plans = async () => ({
    miss: await gateway.metric('plexus_query_plans_total', { result: 'miss' }),
    hit: await gateway.metric('plexus_query_plans_total', { result: 'hit' }),
  });
  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { data?: { user?: { orders: Array<{ product?: unknown }> } }; errors?: unknown[] };
  };

  it('plans a document once, whether it comes as text or by its APQ hash, and once per value of a condition', async () => {
    const start = await plans();
    const first = await post({ query: QUERY, variables: { id: '1', withProduct: true }, extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.user!.orders[0]!.product).toBeDefined();
    // Another user, the same condition: the same plan. By hash alone: the same plan.
    await post({ query: QUERY, variables: { id: '2', withProduct: true } });
    const byHash = await post({ variables: { id: '3', withProduct: true }, extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } });
    expect(byHash.errors).toBeUndefined();
    expect(await plans()).toEqual({ miss: start.miss + 1, hit: start.hit + 2 });
    // The other value of the condition is a plan of its own, which leaves the product out.
    const without = await post({ query: QUERY, variables: { id: '1', withProduct: false } });
    expect(without.data!.user!.orders[0]).not.toHaveProperty('product');
    expect(await plans()).toEqual({ miss: start.miss + 2, hit: start.hit + 2 });
  });

  it('starts a new cache when the schema is reloaded', async () => {
    await post({ query: QUERY, variables: { id: '1', withProduct: true } });
    const before = await plans();
    const reload = await gateway.gateway.reload();
    expect(reload).toMatchObject({ ok: true });
    await post({ query: QUERY, variables: { id: '1', withProduct: true } });
    expect(await plans()).toEqual({ miss: before.miss + 1, hit: before.hit });
  });
});
