import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { catalogueProject, post, startCatalogue, type Catalogue } from './fixtures.js';

let catalogue: Catalogue;
let project: TempProject;
let gateway: TestGateway;
let url: string;

beforeAll(async () => {
  catalogue = await startCatalogue();
  project = await catalogueProject(catalogue, {
    // A field TTL from the schema; a type TTL comes from gateway.yaml below.
    'schemas/cache.graphql': 'extend type Query {\n  news: [Article!]! @cacheControl(maxAge: 1)\n}\n',
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    config: { cache: { ttl: '60s', types: { Deal: '1s' } } },
  });
  url = gateway.server.url;
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([catalogue?.close(), project?.remove()]);
});

const upstreamCalls = () => gateway.metric('plexus_upstream_requests_total', { source: 'catalogue' });

describe('response cache', () => {
  it('answers a repeated query without any upstream call', async () => {
    const query = '{ products { id name price } }';
    const first = await post(url, query);
    expect(first.body.data.products).toHaveLength(2);
    const callsAfterFirst = await upstreamCalls();
    expect(callsAfterFirst).toBeGreaterThan(0);
    const hitsBefore = await gateway.metric('plexus_response_cache_hits_total');

    const second = await post(url, query);
    expect(second.text).toBe(first.text);
    expect(await upstreamCalls()).toBe(callsAfterFirst);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(hitsBefore + 1);
    expect(await gateway.metric('plexus_response_cache_misses_total')).toBeGreaterThan(0);
  });

  it('does not cache a response with errors', async () => {
    const first = await post(url, '{ broken }');
    expect(first.body.errors).toBeDefined();
    expect(first.headers.get('cache-control')).toBe('no-store');
    const calls = catalogue.calls();
    const second = await post(url, '{ broken }');
    expect(second.body.errors).toBeDefined();
    expect(catalogue.calls()).toBe(calls + 1);
  });

  it('sends ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
    const query = '{ product(id: "2") { id name } }';
    const first = await post(url, query);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=(59|60)$/);

    const calls = catalogue.calls();
    const conditional = await post(url, query, { 'if-none-match': etag! });
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe('');
    expect(conditional.headers.get('etag')).toBe(etag);
    expect(catalogue.calls()).toBe(calls);

    const other = await post(url, query, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
    expect(other.headers.get('etag')).toBe(etag);
  });

  it('drops the cached responses holding an entity a mutation returns', async () => {
    const list = '{ products { id name } }';
    const other = '{ product(id: "2") { id name } }';
    await post(url, list);
    await post(url, other);
    const calls = catalogue.calls();
    expect((await post(url, list)).body.data.products[0].name).toBe('Lamp');
    expect(catalogue.calls()).toBe(calls);

    const renamed = await post(url, 'mutation { renameProduct(id: "1", name: "Bright lamp") { id name } }');
    expect(renamed.body.data.renameProduct).toEqual({ id: '1', name: 'Bright lamp' });
    expect(renamed.headers.get('cache-control')).toBe('no-store');

    const after = await post(url, list);
    expect(after.body.data.products[0].name).toBe('Bright lamp');
    expect(catalogue.calls()).toBe(calls + 2);
    // A cached response without Product 1 stays.
    await post(url, other);
    expect(catalogue.calls()).toBe(calls + 2);
  });

  it('expires entries after their type or field TTL, the smallest TTL of a response winning', async () => {
    const byType = '{ deals { id title } }';
    const byField = '{ news { id title } }';
    const mixed = '{ products { id } news { id } }';
    for (const query of [byType, byField, mixed]) await post(url, query);
    const calls = catalogue.calls();
    const cached = await Promise.all([byType, byField, mixed].map((query) => post(url, query)));
    expect(catalogue.calls()).toBe(calls);
    for (const response of cached) expect(response.headers.get('cache-control')).toMatch(/^public, max-age=[01]$/);

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await post(url, byType);
    await post(url, byField);
    await post(url, mixed);
    expect(catalogue.calls()).toBe(calls + 3);
  });
});
