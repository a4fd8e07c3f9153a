import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/cache/memory-store.js';
import { catalogueGateways, post } from './fixtures.js';

const { calls: catalogueCalls, gatewayWith: start } = catalogueGateways();
// These gateways take a store from outside, as replicas sharing Redis do.
const gatewayWith = (config: Record<string, unknown>, store = createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000 })) => start(config, store);

describe('the cache sits after query limits and the rate limit', () => {
  it('refuses a query past a limit even when its answer is in the cache', async () => {
    // Two gateways share one store, as replicas share Redis; one has a stricter depth limit.
    const store = createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000 });
    const lenient = await gatewayWith({}, store);
    const strict = await gatewayWith({ limits: { maxDepth: 1 } }, store);
    const query = '{ product(id: "1") { id name } }';
    expect((await post(lenient.server.url, query)).body.data.product.id).toBe('1');
    expect((await post(lenient.server.url, query)).status).toBe(200);
    expect(await lenient.metric('plexus_response_cache_hits_total')).toBe(1);

    const refused = await post(strict.server.url, query);
    expect(refused.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.body.data).toBeUndefined();
    expect(await strict.metric('plexus_response_cache_hits_total')).toBe(0);
    // The same ETag does not turn the refusal into a 304 either.
    const conditional = await post(strict.server.url, query, { 'if-none-match': '*' });
    expect(conditional.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('charges a cache hit to the rate limit budget and refuses it once the budget is spent', async () => {
    // `{ products { id name } }` costs 2 + 1.5 × (1 + 1) = 5 points.
    const gateway = await gatewayWith({ rateLimit: { points: 12, window: '1h' } });
    const url = gateway.server.url;
    const query = '{ products { id name } }';
    const miss = await post(url, query);
    expect(miss.headers.get('ratelimit')).toMatch(/^"default";r=7;/);
    const calls = catalogueCalls();

    const hit = await post(url, query);
    expect(hit.status).toBe(200);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(1);
    expect(hit.headers.get('ratelimit')).toMatch(/^"default";r=2;/);
    expect(catalogueCalls()).toBe(calls);

    const refused = await post(url, query);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.text).not.toContain('Lamp');
    const conditional = await post(url, query, { 'if-none-match': miss.headers.get('etag')! });
    expect(conditional.status).toBe(429);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(1);
    expect(await gateway.metric('plexus_rate_limited_total')).toBe(2);
  });
});
