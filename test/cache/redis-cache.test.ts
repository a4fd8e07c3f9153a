import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { metricValue, startTestGateway } from '../helpers/gateway.js';
import { startTcpProxy, testRedis } from '../helpers/redis.js';
import { catalogueWithRedis, post } from './fixtures.js';

const redis = await testRedis();
const suite = catalogueWithRedis(redis);

async function stopCli(cli: RunningCli) {
  cli.child.kill('SIGTERM');
  await cli.exited;
}

const metric = async (url: string, name: string) => metricValue(await (await fetch(`${url}/metrics`)).text(), name);

describe.skipIf(!redis.available)('response cache in Redis', () => {
  it('serves from one gateway process what another one cached, and shares invalidation', async () => {
    const env = { REDIS_URL: redis.url, PLEXUS_CACHE_STORE: 'redis', PLEXUS_CACHE_TTL: '60s', PLEXUS_CACHE_KEY_PREFIX: redis.prefix() };
    const [first, second] = await Promise.all([startCli([], suite.project.dir, env), startCli([], suite.project.dir, env)]);
    suite.track({ close: () => stopCli(first) }, { close: () => stopCli(second) });
    const query = '{ products { id name } }';

    const fromFirst = await post(first.url, query);
    expect(fromFirst.body.data.products).toHaveLength(2);
    const calls = suite.catalogue.calls();
    const fromSecond = await post(second.url, query);
    expect(fromSecond.text).toBe(fromFirst.text);
    expect(fromSecond.headers.get('etag')).toBe(fromFirst.headers.get('etag'));
    expect(suite.catalogue.calls()).toBe(calls);
    expect(await metric(second.url, 'plexus_response_cache_hits_total')).toBe(1);
    expect(await metric(second.url, 'plexus_upstream_requests_total')).toBe(0);

    // A mutation through one process drops the entry for both.
    await post(second.url, 'mutation { renameProduct(id: "2", name: "Standing desk") { id name } }');
    const afterMutation = await post(first.url, query);
    expect(afterMutation.body.data.products[1].name).toBe('Standing desk');
    expect(suite.catalogue.calls()).toBe(calls + 2);
  });

  it('keeps answering, uncached, while Redis is away, says so in the log, and caches again when it is back', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    let proxy = await startTcpProxy(redis.url);
    const gateway = await startTestGateway({
      sourcesDir: suite.project.sourcesDir,
      cwd: suite.project.dir,
      logger: createLogger({ level: 'info' }, sink),
      config: { redis: { url: proxy.url }, cache: { ttl: '60s', store: 'redis', keyPrefix: redis.prefix() } },
    });
    suite.track(gateway, { close: () => proxy.close() });
    const query = '{ deals { id title } }';
    await post(gateway.server.url, query);
    const calls = suite.catalogue.calls();
    await post(gateway.server.url, query);
    expect(suite.catalogue.calls()).toBe(calls);

    await proxy.close();
    for (let attempt = 0; attempt < 2; attempt++) {
      const during = await post(gateway.server.url, query);
      expect(during.status).toBe(200);
      expect(during.body.data.deals[0].title).toBe('Two for one');
    }
    expect(suite.catalogue.calls()).toBe(calls + 2);
    expect(await gateway.metric('plexus_response_cache_store_errors_total')).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('response cache store failed'))).toHaveLength(1);

    // The same port again: the client reconnects by itself.
    proxy = await startTcpProxy(redis.url, proxy.port);
    suite.track({ close: () => proxy.close() });
    await expect
      .poll(
        async () => {
          await post(gateway.server.url, query);
          const before = suite.catalogue.calls();
          await post(gateway.server.url, query);
          return suite.catalogue.calls() === before;
        },
        { timeout: 5_000, interval: 200 },
      )
      .toBe(true);
    expect(lines.some((line) => line.includes('response cache store answers again'))).toBe(true);
  });
});
