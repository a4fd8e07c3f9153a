import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { subscribe } from '../sources/grpc/support/sse.js';
import { SECRET, token } from '../helpers/security.js';

// A subscription lives no longer than the token it was opened with, over HTTP streams as over
// WebSocket (whose own test is in websocket.test.ts): the stream ends with UNAUTHENTICATED.

const WATCH = 'subscription { watchOrders(userId: "3", limit: 0) { id } }';

describe('a subscription whose token expires', () => {
  let demo: DemoServices;
  let gateway: TestGateway;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    gateway = await startDemoGateway({ env: demo.env, config: { auth: { jwtSecret: SECRET, clockTolerance: 0 } } });
  });
  afterAll(async () => {
    await gateway?.close();
    await demo?.close();
  });

  it('ends over SSE with UNAUTHENTICATED once the token expires', async () => {
    const expiring = await token({ sub: 'sse-user' }, 'secret', { expiresIn: 2 });
    const events = await subscribe(`${gateway.server.url}/graphql`, WATCH, { headers: { authorization: `Bearer ${expiring}` } });
    const next = events.filter((event) => event.event === 'next');
    expect(next.slice(0, -1).every((event) => typeof event.data.data?.watchOrders?.id === 'string')).toBe(true);
    expect(next.length).toBeGreaterThan(1);
    expect(next.at(-1)!.data).toEqual({ errors: [expect.objectContaining({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } })] });
    expect(events.at(-1)!.event).toBe('complete');
  });

  it('keeps a subscription whose token is valid for longer', async () => {
    const lasting = await token({ sub: 'sse-user' }, 'secret', { expiresIn: 600 });
    const events = await subscribe(`${gateway.server.url}/graphql`, WATCH, { headers: { authorization: `Bearer ${lasting}` }, limit: 3 });
    expect(events.filter((event) => event.event === 'next').map((event) => event.data.errors)).toEqual([undefined, undefined, undefined]);
  });
});
