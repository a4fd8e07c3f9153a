import type { ServerWritableStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, test } from 'vitest';
import type { TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import type { TestGrpcServer } from './support/grpc-server.js';
import { kitchenProject, startKitchen } from './support/kitchen.js';
import { subscribe } from './support/sse.js';

const YAML = 'kind: grpc\nendpoint: ${KITCHEN_URL}\nschema: kitchen.proto\ntimeout: 200ms\n';

let disposables: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const dispose of disposables.reverse()) await dispose();
  disposables = [];
});

/** A gateway over the kitchen service whose Tail handler the test may replace. */
async function setUp(
  tail?: (call: ServerWritableStream<{ count: number }, unknown>, server: () => TestGrpcServer) => void,
): Promise<{ server: TestGrpcServer; gateway: TestGateway; url: string }> {
  const server: TestGrpcServer = await startKitchen(
    tail ? { services: { 'kitchen.v1.KitchenService': { Tail: (call: ServerWritableStream<{ count: number }, unknown>) => tail(call, () => server) } } } : {},
  );
  const project: TempProject = await kitchenProject('kitchen', YAML);
  const gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    env: { KITCHEN_URL: server.url },
  });
  disposables.push(
    () => project.remove(),
    () => server!.close(),
    () => gateway.close(),
  );
  return { server, gateway, url: `${gateway.server.url}/graphql` };
}

const nextData = (events: { event: string; data: any }[]) => events.filter((event) => event.event === 'next').map((event) => event.data);

describe('server-streaming RPCs are subscriptions over SSE', () => {
  test('each message is one event, and the end of the stream completes the subscription', async () => {
    const { gateway, url } = await setUp();
    const before = await gateway.metric('plexus_upstream_requests_total', { source: 'kitchen' });
    const events = await subscribe(url, 'subscription { tail(count: 3) { i32 i64 } }');
    expect(nextData(events)).toEqual([1, 2, 3].map((i32) => ({ data: { tail: { i32, i64: '0' } } })));
    expect(events.at(-1)!.event).toBe('complete');
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'kitchen' })).toBe(before + 1);
  });

  test('a stream that ends with an error status delivers the error as a last event', async () => {
    const { url } = await setUp();
    const events = await subscribe(url, 'subscription { tail(count: 2, failWith: 7) { i32 } }');
    const data = nextData(events);
    expect(data.slice(0, 2)).toEqual([{ data: { tail: { i32: 1 } } }, { data: { tail: { i32: 2 } } }]);
    expect(data[2].errors[0]).toMatchObject({
      message: 'Source "kitchen" answered PERMISSION_DENIED',
      extensions: { code: 'FORBIDDEN', source: 'kitchen', grpcStatus: 'PERMISSION_DENIED' },
    });
    expect(events.at(-1)!.event).toBe('complete');
  });

  test('a server that dies mid-stream: the messages so far, then UPSTREAM_ERROR, then the end', async () => {
    const { url } = await setUp((call, server) => {
      call.write({ i32: 1 });
      call.write({ i32: 2 });
      setTimeout(() => server().server.forceShutdown(), 50);
    });
    const events = await subscribe(url, 'subscription { tail { i32 } }');
    const data = nextData(events);
    expect(data.slice(0, 2)).toEqual([{ data: { tail: { i32: 1 } } }, { data: { tail: { i32: 2 } } }]);
    expect(data[2].errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'kitchen' });
    expect(data[2].errors[0].extensions.grpcStatus).toMatch(/UNAVAILABLE|INTERNAL|CANCELLED/);
    expect(events.at(-1)!.event).toBe('complete');
  });

  test('a subscriber that leaves cancels the upstream stream', async () => {
    let cancelled = false;
    const { url } = await setUp((call) => {
      let n = 0;
      const timer = setInterval(() => call.write({ i32: ++n }), 20);
      call.on('cancelled', () => {
        cancelled = true;
        clearInterval(timer);
      });
    });
    const events = await subscribe(url, 'subscription { tail { i32 } }', { limit: 2 });
    expect(nextData(events)).toHaveLength(2);
    await expect.poll(() => cancelled, { timeout: 2000 }).toBe(true);
  });

  test('streams have no deadline: `timeout` bounds unary calls only', async () => {
    const { url } = await setUp((call) => {
      setTimeout(() => {
        call.write({ i32: 1 });
        call.end();
      }, 400);
    });
    const events = await subscribe(url, 'subscription { tail { i32 } }');
    expect(nextData(events)).toEqual([{ data: { tail: { i32: 1 } } }]);
  });
});
