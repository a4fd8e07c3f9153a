import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestGateway } from '../helpers/gateway.js';
import { startTcpProxy, testRedis } from '../helpers/redis.js';
import { catalogueProject, startCatalogue } from '../cache/fixtures.js';

const redis = await testRedis();
const started: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  await Promise.all(started.map((thing) => thing.close()));
  await redis.cleanUp();
});

describe.skipIf(!redis.available)('APQ registrations in Redis', () => {
  it('never fail a request while Redis is away: a registration still runs, a lookup is a miss', async () => {
    const catalogue = await startCatalogue();
    const project = await catalogueProject(catalogue);
    const proxy = await startTcpProxy(redis.url);
    started.push(catalogue, { close: () => project.remove() }, proxy);
    const gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      cwd: project.dir,
      config: { redis: { url: proxy.url }, persistedDocuments: { apq: { store: 'redis', keyPrefix: redis.prefix() } } },
    });
    started.push(gateway);
    const document = '{ deals { id title } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(document).digest('hex') };
    const send = async (body: Record<string, unknown>) => {
      const response = await fetch(`${gateway.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string }[] } };
    };

    expect((await send({ query: document, extensions: { persistedQuery } })).body.data).toEqual({ deals: [{ id: 'd1', title: 'Two for one' }] });
    expect((await send({ extensions: { persistedQuery } })).body.data).toEqual({ deals: [{ id: 'd1', title: 'Two for one' }] });

    await proxy.close();
    const registered = await send({ query: document, extensions: { persistedQuery } });
    expect(registered.status).toBe(200);
    expect(registered.body.data).toEqual({ deals: [{ id: 'd1', title: 'Two for one' }] });
    const lookedUp = await send({ extensions: { persistedQuery } });
    expect(lookedUp.body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    expect(catalogue.calls()).toBe(3);
  });
});
