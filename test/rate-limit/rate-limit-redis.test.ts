import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startTcpProxy, testRedis, type TcpProxy } from '../helpers/redis.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/security.js';

const redis = await testRedis();

const SDL = 'type Query { hello: String }\n';

let upstream: RecordingUpstream;
let project: TempProject;
let started: { close(): Promise<unknown> }[] = [];

beforeAll(async () => {
  upstream = await startRecordingUpstream(SDL, { Query: { hello: () => 'hi' } });
  project = await tempProject({
    'sources/api/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/api/schema.graphql': SDL,
  });
});

afterEach(async () => {
  await Promise.all(started.map((thing) => thing.close()));
  started = [];
});

afterAll(async () => {
  await Promise.all([upstream?.close(), project?.remove(), redis.cleanUp()]);
});

const hello = (url: string) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hello }' }) });

async function stopCli(cli: RunningCli) {
  cli.child.kill('SIGTERM');
  await cli.exited;
}

describe.skipIf(!redis.available)('rate limiting with the Redis store', () => {
  it('makes two gateway processes share one budget exactly', async () => {
    const env = {
      REDIS_URL: redis.url,
      PLEXUS_RATE_LIMIT_STORE: 'redis',
      PLEXUS_RATE_LIMIT_POINTS: '10',
      PLEXUS_RATE_LIMIT_WINDOW: '1h',
      PLEXUS_RATE_LIMIT_KEY_PREFIX: redis.prefix(),
    };
    const [first, second] = await Promise.all([startCli([], project.dir, env), startCli([], project.dir, env)]);
    started.push({ close: () => stopCli(first) }, { close: () => stopCli(second) });
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++) statuses.push((await hello(index % 2 === 0 ? first.url : second.url)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const eleventh = await hello(second.url);
    expect(eleventh.status).toBe(429);
    expect((await eleventh.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await hello(first.url)).status).toBe(429);
  });

  async function gatewayBehind(proxy: TcpProxy, onStoreError: 'open' | 'closed'): Promise<TestGateway> {
    const gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { redis: { url: proxy.url }, rateLimit: { points: 100, window: '1h', store: 'redis', keyPrefix: redis.prefix(), onStoreError } },
    });
    started.push(gateway);
    return gateway;
  }

  it('fails open when Redis goes away: requests pass, the failure is counted', async () => {
    const proxy = await startTcpProxy(redis.url);
    started.push(proxy);
    const gateway = await gatewayBehind(proxy, 'open');
    const before = await hello(gateway.server.url);
    expect(before.status).toBe(200);
    expect(before.headers.get('ratelimit')).toMatch(/^"default";r=99;/);
    await proxy.close();
    const during = await hello(gateway.server.url);
    expect(during.status).toBe(200);
    expect(await during.json()).toEqual({ data: { hello: 'hi' } });
    expect(during.headers.get('ratelimit')).toBeNull();
    expect(await gateway.metric('plexus_rate_limit_store_errors_total')).toBeGreaterThanOrEqual(1);
  });

  it('fails closed when configured: 503 RATE_LIMITED without an upstream call', async () => {
    const proxy = await startTcpProxy(redis.url);
    started.push(proxy);
    const gateway = await gatewayBehind(proxy, 'closed');
    expect((await hello(gateway.server.url)).status).toBe(200);
    await proxy.close();
    const calls = upstream.queries.length;
    const during = await hello(gateway.server.url);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('1');
    expect((await during.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(upstream.queries.length).toBe(calls);
    expect(await gateway.metric('plexus_rate_limit_store_errors_total')).toBeGreaterThanOrEqual(1);
  });
});
