import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startProducts } from '../../demo/products/server.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

let demo: DemoServices;
let gateway: TestGateway;
let base: string;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  gateway = await startDemoGateway({ env: demo.env });
  base = `http://127.0.0.1:${gateway.server.port}`;
});
afterAll(async () => {
  await gateway.close();
  await demo.close();
});

describe('/healthz and /readyz', () => {
  it('/healthz answers 200 while the process serves', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('/readyz turns 503 naming a stopped source, and 200 when it returns', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, failing: [] });

    const port = demo.services.products.port;
    await demo.services.products.close();
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.failing).toEqual(['products']);
    expect(body.sources).toEqual(
      expect.arrayContaining([
        { source: 'inventory', ready: true, circuit: 'closed' },
        { source: 'products', ready: false, error: expect.stringContaining('unreachable'), circuit: 'closed' },
      ]),
    );

    demo.services.products = await startProducts(port);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('counts exactly the upstream calls a query makes, per source', async () => {
    const before = {
      products: await gateway.metric('plexus_upstream_requests_total', { source: 'products' }),
      inventory: await gateway.metric('plexus_upstream_requests_total', { source: 'inventory' }),
      ok: await gateway.metric('plexus_graphql_requests_total', { status: 'ok' }),
    };
    await gateway.query('{ products(first: 3) { id } }');
    await gateway.query('{ product(id: "1") { name } stock(productId: "1") { available } }');
    await gateway.query('{ a: stock(productId: "1") { available } b: stock(productId: "2") { available } }');
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'products' })).toBe(before.products + 2);
    // Root fields of one request to one GraphQL source go out as one upstream operation.
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'inventory' })).toBe(before.inventory + 2);
    expect(await gateway.metric('plexus_graphql_requests_total', { status: 'ok' })).toBe(before.ok + 3);
  });

  it('counts failed GraphQL requests and times upstream calls', async () => {
    const errorsBefore = await gateway.metric('plexus_graphql_requests_total', { status: 'error' });
    await gateway.query('{ notAField }');
    expect(await gateway.metric('plexus_graphql_requests_total', { status: 'error' })).toBe(errorsBefore + 1);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^plexus_upstream_request_duration_seconds_count\{source="products"\} [1-9]/m);
    expect(text).toMatch(/^plexus_graphql_request_duration_seconds_count\{status="ok"\} [1-9]/m);
    expect(text).toMatch(/^plexus_upstream_calls_per_request_count [1-9]/m);
  });

  it('does not count readiness checks as upstream traffic', async () => {
    const before = await gateway.metric('plexus_upstream_requests_total', { source: 'products' });
    await fetch(`${base}/readyz`);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'products' })).toBe(before);
  });
});

describe('/graphql', () => {
  it('serves GraphiQL to a browser', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Plexus');
  });

  it('answers GET queries that carry a CSRF header', async () => {
    const response = await fetch(`${base}/graphql?query=${encodeURIComponent('{ product(id: "2") { id } }')}`, {
      headers: { accept: 'application/json', 'x-plexus-csrf': '1' },
    });
    expect(await response.json()).toEqual({ data: { product: { id: '2' } } });
  });
});
