import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-sse';
import { ANY_PORTS, startDemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

// execution.concurrency through a real gateway: a source that answers only when the test says so,
// and the most calls it ever held at once.

let upstream: TestServer | undefined;
let project: TempProject | undefined;
let gateway: TestGateway | undefined;
let held: ServerResponse[] = [];
let atOnce = 0;
let most = 0;

afterEach(async () => {
  for (const response of held) response.end(JSON.stringify({ data: { item: 'late' } }));
  await gateway?.close();
  await upstream?.close();
  await project?.remove();
  gateway = upstream = project = undefined;
  held = [];
  atOnce = most = 0;
});

async function start(concurrency: number | 'auto') {
  upstream = await startHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      most = Math.max(most, ++atOnce);
      res.on('finish', () => atOnce--);
      res.writeHead(200, { 'content-type': 'application/json' });
      held.push(res);
    });
  });
  project = await tempProject({
    'sources/svc/source.yaml': `kind: graphql\nendpoint: ${upstream.url}/graphql\nschema: schema.graphql\n`,
    'sources/svc/schema.graphql': 'type Query { item(n: Int): String }\n',
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, config: { execution: { concurrency } } });
  return gateway;
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

/** Gives the gateway time to pass on a request it should not: what must not happen is checked after. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 150));

function answer(index: number, item: string) {
  held[index]!.end(JSON.stringify({ data: { item } }));
}

describe('execution.concurrency', () => {
  it('holds an operation past the cap until one running answers, while probes and metrics pass', async () => {
    const gw = await start(1);
    const first = gw.query('{ item(n: 1) }');
    await until(() => held.length === 1);
    const second = gw.query('{ item(n: 2) }');
    await pause();
    expect(held).toHaveLength(1);
    expect(await gw.metric('plexus_operations_waiting')).toBe(1);
    expect(await gw.metric('plexus_operations_limit')).toBe(1);
    expect((await fetch(`${gw.server.url}/healthz`)).status).toBe(200);
    answer(0, 'one');
    expect((await first).body).toEqual({ data: { item: 'one' } });
    await until(() => held.length === 2);
    answer(1, 'two');
    expect((await second).body).toEqual({ data: { item: 'two' } });
    expect(most).toBe(1);
    // The second request's time counts from its arrival: it waited past the pause for its turn.
    expect(await gw.metric('plexus_graphql_request_duration_seconds_count', { status: 'ok' })).toBe(2);
    expect(await gw.metric('plexus_graphql_request_duration_seconds_bucket', { status: 'ok', le: '0.1' })).toBe(0);
  });

  it('serves a request whose turn comes after its client left to nobody, and passes the slot on', async () => {
    const gw = await start(1);
    const first = gw.query('{ item(n: 1) }');
    await until(() => held.length === 1);
    const leaving = new AbortController();
    const gone = fetch(`${gw.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ item(n: 2) }' }),
      signal: leaving.signal,
    }).catch(() => 'aborted');
    await pause();
    leaving.abort();
    expect(await gone).toBe('aborted');
    await pause();
    const third = gw.query('{ item(n: 3) }');
    answer(0, 'one');
    await first;
    await until(() => held.length === 2);
    answer(1, 'three');
    expect((await third).body).toEqual({ data: { item: 'three' } });
    expect(held).toHaveLength(2);
  });

  it('lets every operation run under auto when they wait on a slow source and the CPU is idle', async () => {
    const gw = await start('auto');
    const queries = Array.from({ length: 40 }, (_, n) => gw.query(`{ item(n: ${n}) }`));
    // The cap starts at 8 and doubles each tenth of a second while requests wait and the CPU idles.
    await until(() => held.length === 40);
    expect(most).toBe(40);
    expect(await gw.metric('plexus_operations_limit')).toBeGreaterThanOrEqual(40);
    held.forEach((_, index) => answer(index, String(index)));
    expect((await Promise.all(queries)).every(({ body }) => body.errors === undefined)).toBe(true);
  });

  it('runs every operation at once with 0', async () => {
    const gw = await start(0);
    const queries = [1, 2, 3].map((n) => gw.query(`{ item(n: ${n}) }`));
    await until(() => held.length === 3);
    expect(most).toBe(3);
    held.forEach((_, index) => answer(index, String(index)));
    await Promise.all(queries);
  });
});

describe.each([false, true])('execution.concurrency with subscriptions over SSE, singleConnection: %s', (singleConnection) => {
  it('gives the slot back when a stream starts, not when it ends', async () => {
    const demo = await startDemoServices(ANY_PORTS);
    const demoGateway = await startDemoGateway({ env: demo.env, config: { execution: { concurrency: 1 } } });
    const client = createClient({ url: `${demoGateway.server.url}/graphql`, singleConnection, retryAttempts: 0 });
    try {
      const events = client.iterate({ query: 'subscription { watchOrders(userId: "3", limit: 0) { id } }' });
      const first = await events.next();
      expect(first.value).toMatchObject({ data: { watchOrders: { id: expect.any(String) } } });
      // The stream is still open; a query gets the one slot.
      expect((await demoGateway.query('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
      await events.return?.(undefined);
    } finally {
      client.dispose();
      await demoGateway.close();
      await demo.close();
    }
  });
});
