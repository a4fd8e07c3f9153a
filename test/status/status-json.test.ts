import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { demoSourceFile, startDemoGateway } from '../helpers/demo-project.js';
import type { TempProject } from '../helpers/fixtures.js';
import type { TestGateway } from '../helpers/gateway.js';
import { eventually } from '../upstream/resilience/support.js';
import { FAN_OUT, STATUS_TOKEN, sourceOf, statusJson } from './support.js';

// Products gets a breaker that opens after a few failures and stays open for the whole test,
// and no retries, so that each failed query is one failed call.
const productsYaml = async () =>
  (await readFile(demoSourceFile('products', 'source.yaml'), 'utf8')) +
  'retry: { enabled: false }\ncircuitBreaker: { failureRatio: 0.5, minimumRequests: 3, window: 60s, openFor: 5m }\n';

let demo: DemoServices;
let gateway: TestGateway & { project: TempProject };

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  gateway = await startDemoGateway({
    env: demo.env,
    config: { status: { enabled: true, token: STATUS_TOKEN } },
    files: { 'sources/products/source.yaml': await productsYaml() },
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await demo?.close();
});

/** Calls the users service received, its readiness probes (`HEAD /`) left out. */
const usersCalls = () => demo.services.users.calls.filter((call) => !call.startsWith('HEAD ')).length;

describe('/status.json over the demo', () => {
  it('lists every source with its kind, readiness and circuit, the versions, and the links as edges', async () => {
    const report = await statusJson(gateway);
    expect(report.sources.map((source) => [source.name, source.kind, source.ready, source.circuit])).toEqual([
      ['inventory', 'graphql', true, 'closed'],
      ['orders', 'grpc', true, 'closed'],
      ['products', 'graphql', true, 'closed'],
      ['users', 'openapi', true, 'closed'],
    ]);
    expect(report.readiness?.ready).toBe(true);
    for (const source of report.sources) expect(source.checkedAt).toBe(report.readiness?.checkedAt);
    expect(report.schema).toEqual(gateway.gateway.schemaStatus());
    expect(report.config.version).toMatch(/^[0-9a-f]{12}$/);
    expect(report.lastReload).toBeNull();
    expect(report.window).toMatchObject({ seconds: 300, sliceSeconds: 10 });
    expect(report.links.map(({ id, kind, from, to, batches }) => ({ id, kind, from, to, batches }))).toEqual([
      { id: 'Order.product', kind: 'resolveBy', from: 'orders', to: 'products', batches: 0 },
      { id: 'Order.user', kind: 'resolveBy', from: 'orders', to: 'users', batches: 0 },
      { id: 'User.orders', kind: 'resolveBy', from: 'users', to: 'orders', batches: 0 },
    ]);
  });

  it('rates calls, latencies and batch sizes after queries, counting the calls the services received', async () => {
    for (let index = 0; index < 4; index++) {
      const { body } = await gateway.query(FAN_OUT);
      expect(body.errors).toBeUndefined();
      expect(body.data.users).toHaveLength(5);
    }
    const report = await statusJson(gateway);
    const users = sourceOf(report, 'users');
    const orders = sourceOf(report, 'orders');
    const products = sourceOf(report, 'products');
    // Every real call, as the services themselves counted them (probes are not calls).
    expect(usersCalls()).toBe(4);
    expect(users.calls).toBe(usersCalls());
    expect(demo.services.orders.requests).toBe(4);
    expect(orders.calls).toBe(demo.services.orders.requests);
    expect(products.calls).toBe(4);
    for (const source of [users, orders, products]) {
      expect(source.errors).toBe(0);
      expect(source.errorRate).toBe(0);
      expect(source.callsPerSecond).toBeGreaterThan(0);
      expect(source.p50Ms).toBeGreaterThan(0);
      expect(source.p99Ms).toBeGreaterThanOrEqual(source.p50Ms!);
    }
    expect(sourceOf(report, 'inventory')).toMatchObject({ calls: 0, callsPerSecond: 0, p50Ms: null });
    // One call per link and query: 5 users' ids, then the product ids of their orders.
    const link = (id: string) => report.links.find((item) => item.id === id)!;
    expect(link('User.orders')).toMatchObject({ batches: 4, meanBatchSize: 5 });
    expect(link('Order.product').batches).toBe(4);
    expect(link('Order.product').meanBatchSize).toBeGreaterThan(1);
    expect(link('Order.user')).toMatchObject({ batches: 0, meanBatchSize: null });
  });

  it('shows the last schema reload with its versions and diff summary', async () => {
    const before = gateway.gateway.schemaStatus().version;
    const links = await readFile(join(gateway.project.schemasDir, 'links.graphql'), 'utf8');
    const withoutOrderUser = links.replace(/\n {2}"The user who placed[^\n]*\n {2}user: User @resolveBy[^\n]*\n/, '\n');
    expect(withoutOrderUser).not.toBe(links);
    await gateway.project.write({ 'schemas/links.graphql': withoutOrderUser });
    const result = await gateway.gateway.reload();
    expect(result.ok).toBe(true);
    const report = await statusJson(gateway);
    expect(report.lastReload).toMatchObject({
      ok: true,
      previousVersion: before,
      version: report.schema.version,
      changes: { breaking: 1, dangerous: 0, safe: 0 },
    });
    expect(report.schema.version).not.toBe(before);
    expect(report.links.map((link) => link.id)).toEqual(['Order.product', 'User.orders']);
  });

  it('shows a stopped source failing: its error rate, its circuit open, and not ready', async () => {
    await demo.services.products.close();
    const products = async () => sourceOf(await statusJson(gateway), 'products');
    let queries = 0;
    const opened = await eventually(
      async () => {
        if (queries < 20) {
          queries++;
          const { body } = await gateway.query(FAN_OUT);
          // The other sources still answer; the products are null with an error.
          expect(body.data.users).toHaveLength(5);
          expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
        }
        return products();
      },
      (source) => source.circuit === 'open',
    );
    expect(opened.circuit).toBe('open');
    expect(opened.errors).toBeGreaterThanOrEqual(3);
    expect(opened.errorRate).toBeGreaterThan(0);
    expect(opened.calls).toBe(4 + opened.errors);
    // The page shows the last readiness check; /readyz runs a new one.
    expect((await fetch(`${gateway.server.url}/readyz`)).status).toBe(503);
    const after = await products();
    expect(after.ready).toBe(false);
    expect(after.readinessError).toBeTruthy();
  });
});
