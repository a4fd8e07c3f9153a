import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/cache/redis-store.js';
import type { StoredResponse } from '../../src/cache/response-store.js';
import { redisConfigSchema } from '../../src/redis/config.js';
import type { RedisGuard } from '../../src/redis/guard.js';
import { startRedisCluster } from '../helpers/redis-cluster.js';

const cluster = await startRedisCluster();
afterAll(() => cluster.close());

// The budget is not this file's subject: every call simply runs.
const guard: RedisGuard = { budget: () => ({ run: (call) => call() }), close() {} };

const response = (body: string): StoredResponse => ({ result: JSON.parse(body), etag: '"e"', storedAt: Date.now(), ttl: 60_000 });

describe.skipIf(!cluster.available)('the response cache store on a Redis Cluster', () => {
  it('spreads responses over the nodes and drops them by entity or by whole type, without a cross-slot command', async () => {
    const client = cluster.client();
    const prefix = `plexus-test:${randomUUID()}:`;
    const store = createRedisStore(client, prefix, guard);
    const keys = Array.from({ length: 12 }, (_unused, index) => `response-${index}`);
    for (const [index, key] of keys.entries()) {
      const body = JSON.stringify({ data: { product: { id: String(index) } } });
      await store.set(key, response(body), [{ typename: 'Product', id: String(index) }, { typename: 'Query' }], body);
    }
    const perNode = await Promise.all(client.nodes('master').map(async (node) => (await node.keys(`${prefix}r:*`)).length));
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThan(1);
    expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(keys.length);
    expect((await store.get('response-3'))?.result.data).toEqual({ product: { id: '3' } });

    await store.invalidate([{ typename: 'Product', id: '3' }]);
    expect(await store.get('response-3')).toBeUndefined();
    expect(await store.get('response-4')).toBeDefined();
    expect(await client.pttl(`${prefix}t:Product:4`)).toBeGreaterThan(0);

    await store.invalidate([{ typename: 'Product' }]);
    for (const key of keys) expect(await store.get(key)).toBeUndefined();
  });
});

describe('redis.cluster', () => {
  const parse = (cluster: unknown, url?: string) => redisConfigSchema.safeParse({ cluster, ...(url && { url }) });

  it('takes seed nodes as a list, as a comma-separated variable, or true for url as the one seed', () => {
    expect(parse(['10.0.0.1:7000', 'rediss://user:pw@cache.internal:7001']).data?.cluster).toEqual([
      { host: '10.0.0.1', port: 7000, tls: false },
      { host: 'cache.internal', port: 7001, tls: true, username: 'user', password: 'pw' },
    ]);
    expect(parse('a:7000, b:7001').data?.cluster).toEqual([
      { host: 'a', port: 7000, tls: false },
      { host: 'b', port: 7001, tls: false },
    ]);
    expect(parse('true', 'redis://seed:7000').data?.cluster).toEqual([{ host: 'seed', port: 7000, tls: false }]);
    expect(parse('false').data?.cluster).toBeUndefined();
  });

  it('names the seed it refuses', () => {
    expect(parse(['http://x:1']).error?.issues[0]).toMatchObject({
      path: ['cluster', 0],
      message: 'expected a redis:// or rediss:// address, got "http://x:1"',
    });
    expect(parse([]).error?.issues[0]?.message).toBe('give at least one seed node');
  });
});
