import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { subscribe } from '../sources/grpc/support/sse.js';

// A subscription is one request that lives as long as its stream: its log line and its metrics are
// written when the stream ends, with the events it delivered and every upstream call of its life.

const WATCH = 'subscription Watch($limit: Int!) { watchOrders(userId: "3", limit: $limit) { id status user { name } product { name } } }';

describe('the life of a subscription in logs and metrics', () => {
  let demo: DemoServices;
  let gateway: TestGateway;
  let log: CapturedLog;
  let url: string;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    log = captureLog('info');
    gateway = await startDemoGateway({ env: demo.env, logger: log.logger });
    url = `${gateway.server.url}/graphql`;
  });
  afterAll(async () => {
    await gateway?.close();
    await demo?.close();
  });

  const upstreamRequests = () => Object.values(demo.services).reduce((sum, service) => sum + service.requests, 0);
  const linesOf = (name: string) => log.lines.filter((line) => line['operationName'] === name);

  it('writes one line when the stream ends, with its events and upstream calls; the gauge follows the stream', async () => {
    const before = upstreamRequests();
    const during: { lines: number; active: number }[] = [];
    const events = await subscribe(url, WATCH, {
      variables: { limit: 2 },
      onEvent: async (event) => {
        if (event.event === 'next' && during.length === 0)
          during.push({ lines: linesOf('Watch').length, active: await gateway.metric('plexus_subscriptions_active') });
      },
    });
    const next = events.filter((event) => event.event === 'next');
    expect(next).toHaveLength(2);
    expect(events.at(-1)!.event).toBe('complete');
    // While the stream ran: no line yet, one subscription open.
    expect(during).toEqual([{ lines: 0, active: 1 }]);

    await expect.poll(() => linesOf('Watch').length).toBe(1);
    const line = linesOf('Watch')[0]!;
    // One stream, then per event one users call and one products call.
    expect(upstreamRequests() - before).toBe(5);
    expect(line).toMatchObject({ operationType: 'subscription', status: 200, result: 'ok', events: 2, upstreamCalls: 5, msg: 'graphql request' });
    // The orders service waits 500 ms between events: the duration covers the stream, not its start.
    expect(line['durationMs']).toBeGreaterThanOrEqual(400);
    expect(await gateway.metric('plexus_subscriptions_active')).toBe(0);
    expect(await gateway.metric('plexus_subscription_events_sum')).toBe(2);
    expect(await gateway.metric('plexus_subscription_duration_seconds_count')).toBe(1);
  });

  it('writes one line for a client that leaves mid-stream, and the gauge returns to 0', async () => {
    const events = await subscribe(url, 'subscription Leaving { watchOrders(userId: "3", limit: 0) { id user { name } } }', { limit: 1 });
    expect(events.filter((event) => event.event === 'next')).toHaveLength(1);
    await expect.poll(() => linesOf('Leaving').length).toBe(1);
    expect(linesOf('Leaving')[0]).toMatchObject({ operationType: 'subscription', result: 'ok', events: 1 });
    await expect.poll(() => gateway.metric('plexus_subscriptions_active')).toBe(0);
    // Still one line after a while: the end is reported once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(linesOf('Leaving')).toHaveLength(1);
  });
});
