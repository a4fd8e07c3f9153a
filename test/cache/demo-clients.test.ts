import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { persistedRequest } from '../../demo/operations/client.js';
import { UsersWithOrdersDocument } from '../../demo/operations/generated/graphql.js';
import { join } from 'node:path';
import { startDemoGateway } from '../helpers/demo-project.js';
import { ROOT, type TestGateway } from '../helpers/gateway.js';

let demo: DemoServices;
let gateway: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  gateway = await startDemoGateway({
    env: demo.env,
    config: { cache: { ttl: '60s' }, persistedDocuments: { trusted: { manifest: join(ROOT, 'demo/operations/generated/persisted-documents.json') } } },
  });
});

afterAll(async () => {
  await gateway?.close();
  await demo?.close();
});

const upstreamCalls = async () =>
  (await Promise.all(['users', 'orders', 'products'].map((source) => gateway.metric('plexus_upstream_requests_total', { source })))).reduce(
    (sum, calls) => sum + calls,
    0,
  );

describe('the demo fan-out from a mobile client', () => {
  it('runs by the id codegen gave it, and the repeat costs no upstream call', async () => {
    const url = `${gateway.server.url}/graphql`;
    const first = await persistedRequest(url, UsersWithOrdersDocument, { limit: 5 });
    expect(first.users).toHaveLength(5);
    const calls = await upstreamCalls();
    expect(calls).toBe(3);
    expect(await persistedRequest(url, UsersWithOrdersDocument, { limit: 5 })).toEqual(first);
    expect(await upstreamCalls()).toBe(calls);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(1);
  });
});
