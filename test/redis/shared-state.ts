import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../helpers/cli.js';
import type { TempProject } from '../helpers/fixtures.js';
import { metricValue } from '../helpers/gateway.js';
import { catalogueProject, post, startCatalogue, type Catalogue } from '../cache/fixtures.js';

/** Where the gateways' shared Redis is: the variables that point a gateway process at it. */
export interface SharedRedis {
  /** `REDIS_URL`, or `PLEXUS_REDIS_CLUSTER` with the seed nodes. */
  env(): Record<string, string>;
  /** A key prefix of its own for one test. */
  prefix(): string;
}

// The APQ key prefix has no variable of its own: the project's gateway.yaml reads one.
const GATEWAY_YAML = 'persistedDocuments:\n  apq:\n    keyPrefix: ${TEST_APQ_PREFIX:-plexus:apq:}\n';

/**
 * Registers the tests every shared Redis (one node or a cluster) must pass: two gateway processes
 * over it share one rate budget, one response cache with its invalidation, and APQ registrations.
 */
export function sharedStateTests(redis: () => SharedRedis) {
  let catalogue: Catalogue;
  let project: TempProject;
  const running: RunningCli[] = [];

  beforeAll(async () => {
    catalogue = await startCatalogue();
    project = await catalogueProject(catalogue, { 'gateway.yaml': GATEWAY_YAML });
  });
  afterAll(async () => {
    await Promise.all(
      running.splice(0).map((cli) => {
        cli.child.kill('SIGTERM');
        return cli.exited;
      }),
    );
    await Promise.all([catalogue?.close(), project?.remove()]);
  });

  const twoGateways = async (env: Record<string, string>) => {
    const pair = await Promise.all([startCli([], project.dir, { ...redis().env(), ...env }), startCli([], project.dir, { ...redis().env(), ...env })]);
    running.push(...pair);
    return pair;
  };
  const metric = async (cli: RunningCli, name: string) => metricValue(await (await fetch(`${cli.url}/metrics`)).text(), name);

  it('gives two gateway processes one rate budget: N requests in all, the next one limited on both', async () => {
    const points = 40;
    const [first, second] = await twoGateways({
      PLEXUS_RATE_LIMIT_STORE: 'redis',
      PLEXUS_RATE_LIMIT_POINTS: String(points),
      PLEXUS_RATE_LIMIT_WINDOW: '1h',
      PLEXUS_RATE_LIMIT_KEY_PREFIX: redis().prefix(),
    });
    const query = '{ deals { id } }';
    const calls = catalogue.calls();
    // What one request costs, from what the first answer says is left.
    const opening = await post(first.url, query);
    const cost = points - Number(/"default";r=(\d+);/.exec(opening.headers.get('ratelimit') ?? '')?.[1]);
    expect(cost).toBeGreaterThan(0);
    const allowed = Math.floor(points / cost);
    expect(allowed).toBeGreaterThan(2);
    const statuses = [opening.status];
    for (let index = 1; index < allowed; index++) statuses.push((await post(index % 2 === 0 ? first.url : second.url, query)).status);
    expect(statuses).toEqual(Array(allowed).fill(200));
    const limited = await post(second.url, query);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await post(first.url, query)).status).toBe(429);
    expect(catalogue.calls()).toBe(calls + allowed);
    expect((await metric(first, 'plexus_rate_limited_total')) + (await metric(second, 'plexus_rate_limited_total'))).toBe(2);
    for (const gateway of [first, second]) expect(await metric(gateway, 'plexus_rate_limit_store_errors_total')).toBe(0);
  });

  it('shares one response cache, its invalidation by a mutation, and APQ registrations (stored in Redis by default with it)', async () => {
    const [first, second] = await twoGateways({
      PLEXUS_CACHE_STORE: 'redis',
      PLEXUS_CACHE_TTL: '60s',
      PLEXUS_CACHE_KEY_PREFIX: redis().prefix(),
      TEST_APQ_PREFIX: redis().prefix(),
    });
    const products = '{ products { id name } }';
    const deals = '{ deals { id title } }';
    const start = catalogue.calls();

    // A miss on the first process, then a hit on the second, which calls no source.
    const miss = await post(first.url, products);
    await post(first.url, deals);
    expect(catalogue.calls()).toBe(start + 2);
    const hit = await post(second.url, products);
    expect(hit.text).toBe(miss.text);
    expect(catalogue.calls()).toBe(start + 2);
    expect(await metric(second, 'plexus_response_cache_hits_total')).toBe(1);
    expect(await metric(second, 'plexus_upstream_requests_total')).toBe(0);

    // A mutation through the second process drops the answers holding that product, and only them.
    const name = `Desk ${randomUUID().slice(0, 8)}`;
    await post(second.url, `mutation { renameProduct(id: "2", name: "${name}") { id name } }`);
    expect(catalogue.calls()).toBe(start + 3);
    const fresh = await post(first.url, products);
    expect(fresh.body.data.products[1].name).toBe(name);
    expect(catalogue.calls()).toBe(start + 4);
    const stillCached = await post(second.url, deals);
    expect(stillCached.body.data.deals[0].title).toBe('Two for one');
    expect(catalogue.calls()).toBe(start + 4);

    // APQ: a document registered on the first process runs by its hash alone on the second.
    const document = `{ a${randomUUID().replaceAll('-', '')}: news { id title } }`;
    const sha256Hash = createHash('sha256').update(document).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    const unknown = await apq(second.url, { extensions: { persistedQuery } });
    expect(unknown.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    const registered = await apq(first.url, { query: document, extensions: { persistedQuery } });
    expect(Object.values(registered.data ?? {})).toEqual([[{ id: 'n1', title: 'New lamps' }]]);
    const byHash = await apq(second.url, { extensions: { persistedQuery } });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(registered.data);
    for (const gateway of [first, second]) expect(await metric(gateway, 'plexus_response_cache_store_errors_total')).toBe(0);
  });
}

async function apq(url: string, body: Record<string, unknown>): Promise<{ data?: Record<string, unknown>; errors?: { message: string }[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}
