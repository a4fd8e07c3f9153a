import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { SECRET, startSourceProject, token, type SourceProject } from '../helpers/security.js';

const SDL = 'type Item { id: ID!, children(first: Int): [Item!]! }\ntype Query { hello: String, item: Item }\n';
const item = (): Record<string, unknown> => ({ id: '1', children: () => [item()] });

let api: SourceProject;

beforeAll(async () => {
  api = await startSourceProject(SDL, { Query: { hello: () => 'hi', item } });
});

afterAll(() => api.close());

const gatewayWith = (rateLimit: Record<string, unknown>) => api.gateway({ config: { auth: { jwtSecret: SECRET }, rateLimit } });

async function post(gateway: TestGateway, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Reads `"name";r=…;t=…` items of the RateLimit header. */
function parseRateLimit(header: string | null) {
  return (header ?? '').split(', ').map((item) => {
    const [, policy, remaining, reset] = /^"([^"]+)";r=(\d+);t=(\d+)$/.exec(item) ?? [];
    return { policy, remaining: Number(remaining), reset: Number(reset) };
  });
}

/** Seconds left shrink while the test runs; a minute of slack keeps this free of timing. */
const approximately = (seconds: number) => expect.toSatisfy((value: number) => value <= seconds && value > seconds - 60);

const asUser = async (sub: string) => ({ authorization: `Bearer ${await token({ sub }, 'secret')}` });

describe('rate limiting (memory store)', () => {
  it('is off unless points are configured: no RateLimit headers', async () => {
    const gateway = await gatewayWith({});
    const response = await post(gateway, '{ hello }');
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit')).toBeNull();
  });

  it('allows the budget, then answers 429 RATE_LIMITED with Retry-After before any upstream call', async () => {
    const gateway = await gatewayWith({ points: 5, window: '1h' });
    const headers = await asUser('alice');
    for (let spent = 1; spent <= 5; spent++) {
      const response = await post(gateway, '{ hello }', headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-policy')).toBe('"default";q=5;w=3600');
      expect(parseRateLimit(response.headers.get('ratelimit'))).toEqual([{ policy: 'default', remaining: 5 - spent, reset: approximately(spent * 720) }]);
    }
    const calls = api.upstream.queries.length;
    const refused = await post(gateway, '{ hello }', headers);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED', retryAfter: approximately(720), cost: 1 } })] });
    expect(Number(refused.headers.get('retry-after'))).toEqual(approximately(720));
    expect(parseRateLimit(refused.headers.get('ratelimit'))).toEqual([{ policy: 'default', remaining: 0, reset: approximately(3600) }]);
    expect(api.upstream.queries.length).toBe(calls);
    expect(await gateway.metric('plexus_rate_limited_total')).toBe(1);
    // Another subject has a budget of its own.
    expect((await post(gateway, '{ hello }', await asUser('bob'))).status).toBe(200);
  });

  it('charges each operation its computed cost', async () => {
    const gateway = await gatewayWith({ points: 40, window: '1h' });
    const headers = await asUser('carol');
    // item: 2 + 1.5 × children; children(first: 3): (2 + 1.5 × id 1) × 3 = 10.5 → 17.75, rounded up to 18.
    const response = await post(gateway, '{ item { children(first: 3) { id } } }', headers);
    expect(parseRateLimit(response.headers.get('ratelimit'))[0]?.remaining).toBe(22);
    expect((await post(gateway, '{ item { children(first: 3) { id } } }', headers)).status).toBe(200);
    const refused = await post(gateway, '{ item { children(first: 3) { id } } }', headers);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.cost).toBe(18);
    expect((await post(gateway, '{ hello }', headers)).status).toBe(200);
  });

  it('adds a budget per operation name on top of the general one', async () => {
    const gateway = await gatewayWith({ points: 100, window: '1h', operations: { Export: { points: 2, window: '1m' } } });
    const headers = await asUser('dave');
    expect((await post(gateway, 'query Export { hello }', headers)).headers.get('ratelimit-policy')).toBe('"default";q=100;w=3600, "op-Export";q=2;w=60');
    expect((await post(gateway, 'query Export { hello }', headers)).status).toBe(200);
    const refused = await post(gateway, 'query Export { hello }', headers);
    expect(refused.status).toBe(429);
    expect(parseRateLimit(refused.headers.get('ratelimit'))).toEqual([
      { policy: 'default', remaining: 98, reset: approximately(72) },
      { policy: 'op-Export', remaining: 0, reset: approximately(60) },
    ]);
    expect((await post(gateway, 'query Other { hello }', headers)).status).toBe(200);
  });

  it('identifies anonymous callers by address and ignores X-Forwarded-For unless proxies are trusted', async () => {
    const direct = await gatewayWith({ points: 1, window: '1h' });
    expect((await post(direct, '{ hello }', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await post(direct, '{ hello }', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);

    const proxied = await gatewayWith({ points: 1, window: '1h', trustedProxies: 1 });
    expect((await post(proxied, '{ hello }', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await post(proxied, '{ hello }', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    // Entries left of the trusted hop are the client's own claims and do not count.
    expect((await post(proxied, '{ hello }', { 'x-forwarded-for': '198.51.100.7, 203.0.113.1' })).status).toBe(429);
  });

  it('identifies callers by an API key header only when configured', async () => {
    const gateway = await gatewayWith({ points: 1, window: '1h', apiKeyHeader: 'x-api-key' });
    expect((await post(gateway, '{ hello }', { 'x-api-key': 'team-a' })).status).toBe(200);
    expect((await post(gateway, '{ hello }', { 'x-api-key': 'team-b' })).status).toBe(200);
    expect((await post(gateway, '{ hello }', { 'x-api-key': 'team-a' })).status).toBe(429);
  });
});
