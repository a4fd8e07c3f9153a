import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startTcpProxy, testRedis, type TcpProxy } from '../helpers/redis.js';
import { catalogueWithRedis, post } from '../cache/fixtures.js';

// A Redis that accepts connections and then stops answering (a brownout), played by a proxy in
// front of the real Redis that stops forwarding without closing anything.

const redis = await testRedis();
const suite = catalogueWithRedis(redis);

const QUERY = '{ deals { id title } }';

// What a client sends to set up a connection or to check on the server; everything else is a store call.
const HOUSEKEEPING = new Set(['PING', 'INFO', 'CLIENT', 'SELECT', 'AUTH', 'HELLO']);
const storeCalls = (proxy: TcpProxy) => proxy.commands().filter((name) => !HOUSEKEEPING.has(name)).length;

interface Options {
  onStoreError?: 'open' | 'closed';
  failureThreshold?: number;
}

async function gatewayBehind(proxy: TcpProxy, { onStoreError = 'open', failureThreshold = 3 }: Options = {}) {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const gateway: TestGateway = await startTestGateway({
    sourcesDir: suite.project.sourcesDir,
    cwd: suite.project.dir,
    logger: createLogger({ level: 'info' }, sink),
    config: {
      redis: { url: proxy.url, commandTimeout: '200ms', failureThreshold, cooldown: '30s' },
      rateLimit: { points: 100, window: '1h', store: 'redis', keyPrefix: redis.prefix(), onStoreError },
      cache: { ttl: '60s', store: 'redis', keyPrefix: redis.prefix() },
    },
  });
  suite.track(gateway);
  const logged = (text: string) => lines.filter((line) => line.includes(text)).length;
  return { gateway, logged };
}

async function proxyInFront(): Promise<TcpProxy> {
  return suite.track(await startTcpProxy(redis.url));
}

/** Points left in the caller's bucket, from the `RateLimit` header. */
function remaining(answer: Awaited<ReturnType<typeof post>>): number {
  const match = /^"default";r=(\d+);/.exec(answer.headers.get('ratelimit') ?? '');
  if (!match) throw new Error(`no RateLimit header (status ${answer.status})`);
  return Number(match[1]);
}

/** Sends requests until the gateway holds Redis back (`plexus_redis_up` 0); returns the answers. */
async function untilRedisHeldBack(gateway: TestGateway) {
  const answers: Awaited<ReturnType<typeof post>>[] = [];
  while ((await gateway.metric('plexus_redis_up')) !== 0) {
    if (answers.length === 10) throw new Error('the gateway kept calling a Redis that does not answer');
    answers.push(await post(gateway.server.url, QUERY));
  }
  return answers;
}

describe.skipIf(!redis.available)('a Redis that stops answering', () => {
  it('costs a request at most one wait, however many store calls the request has', async () => {
    const proxy = await proxyInFront();
    const { gateway } = await gatewayBehind(proxy, { failureThreshold: 1_000 });
    expect((await post(gateway.server.url, QUERY)).status).toBe(200);

    proxy.stall();
    const perRequest: number[] = [];
    for (let index = 0; index < 3; index++) {
      const before = storeCalls(proxy);
      const during = await post(gateway.server.url, QUERY);
      expect(during.status).toBe(200);
      expect(during.body.data.deals[0].title).toBe('Two for one');
      perRequest.push(storeCalls(proxy) - before);
    }
    // The first request sends its rate-limit check and waits for it; its cache read and write then
    // go without Redis. Later requests find the silent connection being replaced and do not wait.
    expect(perRequest[0]).toBe(1);
    expect(perRequest.every((calls) => calls <= 1)).toBe(true);
    expect(await gateway.metric('plexus_redis_skipped_calls_total', { reason: 'budget' })).toBeGreaterThanOrEqual(2);
  });

  it('stops calling it after repeated failures, answers without it, and uses it again once it answers', async () => {
    const proxy = await proxyInFront();
    const { gateway, logged } = await gatewayBehind(proxy);
    const first = remaining(await post(gateway.server.url, QUERY));
    const left = remaining(await post(gateway.server.url, QUERY));
    const cost = first - left;
    expect(cost).toBeGreaterThan(0);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(1);
    expect(await gateway.metric('plexus_redis_up')).toBe(1);

    proxy.stall();
    for (const answer of await untilRedisHeldBack(gateway)) {
      expect(answer.status).toBe(200);
      expect(answer.body.data.deals[0].title).toBe('Two for one');
    }
    const sent = storeCalls(proxy);
    const calls = suite.catalogue.calls();
    for (let index = 0; index < 5; index++) {
      const held = await post(gateway.server.url, QUERY);
      expect(held.status).toBe(200);
      expect(held.body.data.deals[0].title).toBe('Two for one');
      expect(held.headers.get('ratelimit')).toBeNull();
    }
    expect(storeCalls(proxy)).toBe(sent);
    expect(suite.catalogue.calls()).toBe(calls + 5);
    expect(await gateway.metric('plexus_redis_skipped_calls_total', { reason: 'unavailable' })).toBeGreaterThanOrEqual(10);
    expect(logged('Redis does not answer')).toBe(1);

    // The silent connection was replaced: nothing sent into it is matched with the replies of the new one.
    proxy.resume();
    let charged: Awaited<ReturnType<typeof post>> | undefined;
    await expect
      .poll(
        async () => {
          const answer = await post(gateway.server.url, QUERY);
          if (answer.headers.get('ratelimit') !== null) charged = answer;
          return charged !== undefined;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe(true);
    // The shared bucket is charged again, exactly once per request: nothing given up on during the
    // brownout was sent late.
    expect(remaining(charged!)).toBe(left - cost);
    const hits = await gateway.metric('plexus_response_cache_hits_total');
    const before = suite.catalogue.calls();
    const cached = await post(gateway.server.url, QUERY);
    expect(cached.body.data.deals[0].title).toBe('Two for one');
    expect(remaining(cached)).toBe(left - 2 * cost);
    expect(suite.catalogue.calls()).toBe(before);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(hits + 1);
    expect(await gateway.metric('plexus_redis_up')).toBe(1);
    expect(logged('Redis answers again')).toBe(1);
  });

  it('refuses with 503 and Retry-After when the rate limit fails closed, without calling Redis once held back', async () => {
    const proxy = await proxyInFront();
    const { gateway } = await gatewayBehind(proxy, { onStoreError: 'closed' });
    expect((await post(gateway.server.url, QUERY)).status).toBe(200);

    proxy.stall();
    const calls = suite.catalogue.calls();
    const refusals = await untilRedisHeldBack(gateway);
    const sent = storeCalls(proxy);
    for (let index = 0; index < 3; index++) refusals.push(await post(gateway.server.url, QUERY));
    for (const refused of refusals) {
      expect(refused.status).toBe(503);
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Held back: the client is told to come back when Redis will be tried again, not sooner.
    expect(Number(refusals.at(-1)!.headers.get('retry-after'))).toBeGreaterThan(1);
    expect(Number(refusals.at(-1)!.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(storeCalls(proxy)).toBe(sent);
    expect(suite.catalogue.calls()).toBe(calls);

    proxy.resume();
    await expect.poll(async () => (await post(gateway.server.url, QUERY)).status, { timeout: 10_000, interval: 100 }).toBe(200);
  });
});
