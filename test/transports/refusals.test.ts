import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

// What a client that asks for something the endpoint does not speak is told.

const WATCH = 'subscription { watchOrders(userId: "3", limit: 1) { id } }';
const MEDIA_TYPES = ['application/graphql-response+json', 'application/json', 'text/event-stream', 'multipart/mixed'];

let demo: DemoServices;
let gateway: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  // WebSocket off: an upgrade then reaches the HTTP handler, whose answer is under test.
  gateway = await startDemoGateway({ env: demo.env, config: { websocket: false } });
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await demo?.close();
});

const post = (query: string, accept: string) =>
  fetch(`${gateway.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });

/** A raw HTTP/1.1 request asking to upgrade to WebSocket, answered as plain HTTP. */
function upgradeRequest(method: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${gateway.server.url}/graphql`, {
      method,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-protocol': 'graphql-transport-ws',
      },
    });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('upgrade', () => reject(new Error('upgraded')));
    request.on('error', reject);
    request.end();
  });
}

describe('refusals name the supported transports', () => {
  it('answers a result no accepted media type can carry with 406 and a body that says what to send', async () => {
    const response = await post('{ __typename }', 'text/html');
    expect(response.status).toBe(406);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const [error] = (await response.json()).errors;
    expect(error.message).toBe(
      'None of the accepted media types (text/html) is one this endpoint answers with: accept application/graphql-response+json or application/json',
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_REQUEST', mediaTypes: MEDIA_TYPES });
    expect(error.extensions.transports.join('\n')).toMatch(/graphql-transport-ws/);
  });

  it('tells a subscription asked for as JSON how to stream it', async () => {
    for (const accept of ['application/json', 'multipart/mixed']) {
      const response = await post(WATCH, accept);
      expect(response.status).toBe(406);
      expect((await response.json()).errors[0].message).toBe(
        `A subscription streams its events, which none of the accepted media types (${accept}) can carry: accept text/event-stream or multipart/mixed;subscriptionSpec=1.0, or use GraphQL over WebSocket`,
      );
    }
  });

  it('answers a WebSocket upgrade that reaches the GraphQL handler with a 400 naming the subprotocol', async () => {
    // In process there is no upgrade listener: the request goes through yoga like any other.
    for (const method of ['GET', 'POST']) {
      const response = await gateway.gateway.fetch(`${gateway.server.url}/graphql`, {
        method,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-protocol': 'graphql-transport-ws',
          ...(method === 'POST' && { 'content-type': 'application/json' }),
        },
        ...(method === 'POST' && { body: '{}' }),
      });
      const body = await response.text();
      expect(response.status).toBe(400);
      expect(body).not.toContain('Must provide query string');
      expect(JSON.parse(body).errors[0].message).toMatch(
        /^This server does not accept WebSocket connections here\. GraphQL over WebSocket uses the graphql-transport-ws subprotocol/,
      );
    }
  });

  it('tells a WebSocket client that the transport is switched off, over the wire', async () => {
    for (const method of ['GET', 'POST']) {
      const { status, body } = await upgradeRequest(method);
      expect(status).toBe(404);
      expect(body).toContain('GraphQL over WebSocket is switched off on this gateway (websocket.enabled)');
    }
  });

  it('leaves the upgrade to a WebSocket server listening on the same HTTP server', async () => {
    const taken: string[] = [];
    const take = (request: { url?: string }, socket: { destroy(): void }) => {
      taken.push(request.url ?? '');
      socket.destroy();
    };
    gateway.server.server.on('upgrade', take);
    try {
      await upgradeRequest('GET').catch(() => undefined);
      expect(taken).toEqual(['/graphql']);
    } finally {
      gateway.server.server.off('upgrade', take);
    }
  });
});
