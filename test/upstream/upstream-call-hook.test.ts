import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import { createLogger } from '../../src/logger.js';
import type { UpstreamCallDone, UpstreamCallInfo } from '../../src/index.js';

// A project's plugin watching every call the sources make, through `onUpstreamCall`: one hook for
// REST (HTTP), gRPC and GraphQL sources alike, fed by the one call path all of them take.

interface Seen {
  info: Pick<UpstreamCallInfo, 'source' | 'transport' | 'operation' | 'idempotent'> & { requestId: string | undefined };
  done?: Pick<UpstreamCallDone, 'outcome' | 'attempts'> & { error: boolean };
}
const seen: Seen[] = [];
(globalThis as { __plexusUpstreamCalls?: Seen[] }).__plexusUpstreamCalls = seen;

const PLUGINS = {
  'plugins/watch.mjs': [
    'export default {',
    '  onUpstreamCall({ source, transport, operation, idempotent, context }) {',
    '    const entry = { info: { source, transport, operation, idempotent, requestId: context?.plexus?.requestId } };',
    '    globalThis.__plexusUpstreamCalls.push(entry);',
    '    return ({ outcome, attempts, error }) => { entry.done = { outcome, attempts, error: error !== undefined }; };',
    '  },',
    '};',
    '',
  ].join('\n'),
  // A hook that throws is the plugin's bug: logged, and the calls go on.
  'plugins/broken.mjs': "export default { onUpstreamCall() { throw new Error('hook bug'); } };\n",
};

let demo: DemoServices;
let gateway: Awaited<ReturnType<typeof startDemoGateway>>;
const logs: string[] = [];

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  gateway = await startDemoGateway({
    env: demo.env,
    files: PLUGINS,
    logger: createLogger(
      { level: 'error' },
      new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    ),
    config: { plugins: ['./plugins/broken.mjs', './plugins/watch.mjs'] },
  });
});
afterAll(async () => {
  await gateway?.close();
  await demo?.close();
});

const bySource = (calls: readonly Seen[]) =>
  Object.fromEntries(['users', 'orders', 'products'].map((source) => [source, calls.filter((call) => call.info.source === source)]));

describe('onUpstreamCall', () => {
  it('sees every call of REST, gRPC and GraphQL sources once, as the services received them', async () => {
    seen.length = 0;
    const before = { users: demo.services.users.requests, orders: demo.services.orders.requests, products: demo.services.products.requests };
    const { body } = await gateway.query('{ users(limit: 3) { id orders { id product { id name } } } }', undefined, { 'x-request-id': 'watched-1' });
    expect(body.errors).toBeUndefined();
    const calls = bySource(seen);
    for (const source of ['users', 'orders', 'products'] as const) {
      expect(calls[source]!.length).toBe(demo.services[source].requests - before[source]);
      expect(calls[source]!.length).toBeGreaterThan(0);
      expect(await gateway.metric('plexus_upstream_requests_total', { source })).toBeGreaterThanOrEqual(calls[source]!.length);
    }
    expect(calls['users']![0]!.info).toMatchObject({ transport: 'http', idempotent: true, requestId: 'watched-1' });
    expect(calls['users']![0]!.info.operation).toMatch(/^GET \/users/);
    expect(calls['orders']![0]!.info).toMatchObject({ transport: 'grpc', requestId: 'watched-1' });
    expect(calls['orders']![0]!.info.operation).toMatch(/^\/[\w.]+\/\w+$/);
    expect(calls['products']![0]!.info).toMatchObject({ transport: 'http', operation: 'POST /graphql', idempotent: true });
    for (const call of seen) expect(call.done).toEqual({ outcome: 'ok', attempts: 1, error: false });
    expect(logs.join('')).toContain('hook bug');
    expect(logs.join('')).toContain('"plugin":"./plugins/broken.mjs"');
  });

  it('tells a failed call from an answered one', async () => {
    seen.length = 0;
    // The gRPC service refuses the request itself: the call worked, and its answer is an error.
    const { body } = await gateway.query('{ getOrder(id: "no-such-order") { id } }');
    const orders = seen.filter((call) => call.info.source === 'orders');
    expect(orders).toHaveLength(1);
    expect(orders[0]!.done).toMatchObject({ outcome: 'ok', attempts: 1 });
    expect(body.errors?.[0]?.extensions).toMatchObject({ grpcStatus: 'NOT_FOUND' });
    expect(orders[0]!.done!.error).toBe(true);
  });
});
