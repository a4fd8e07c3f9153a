import { createServer, connect, type Server, type Socket } from 'node:net';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import seedrandom from 'seedrandom';
import { Kind, TypeInfo, getNullableType, isListType, parse, print, validate, visit, visitWithTypeInfo, type DirectiveNode, type GraphQLSchema } from 'graphql';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { DEMO_ARGUMENTS } from '../helpers/demo-arguments.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { generateOperations } from '../helpers/operation-generator.js';
import { mergePayloads, postIncremental, type Payload } from '../helpers/incremental.js';
import { captureLog } from '../helpers/log-capture.js';

// @defer and @stream through the query planner: the payloads a client reads add up to the answer
// of the standard executor (which delivers everything at once), the first payload goes out before
// the fetches of deferred fields are done, and clients that do not ask for incremental delivery
// get one ordinary answer.

const SEED = 'plexus-incremental-1';
const COUNT = Number(process.env.INCREMENTAL_OPERATIONS_COUNT || 200);
const CONFIG = { limits: { maxCost: 1_000_000, maxAliases: 1000, maxDirectives: 1000, maxTokens: 100_000 } };

const directive = (name: string, args: Record<string, number | string> = {}): DirectiveNode => ({
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: name },
  arguments: Object.entries(args).map(([argument, value]) => ({
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: argument },
    value: typeof value === 'number' ? { kind: Kind.INT, value: String(value) } : { kind: Kind.STRING, value },
  })),
});

/** The operation with `@defer` on some of its fragments and selections, and `@stream` on some list fields. */
function withIncrementalDirectives(schema: GraphQLSchema, document: string, random: () => number): string {
  const typeInfo = new TypeInfo(schema);
  let labels = 0;
  const edited = visit(
    parse(document),
    visitWithTypeInfo(typeInfo, {
      InlineFragment: (node) =>
        random() < 0.4 ? { ...node, directives: [...(node.directives ?? []), directive('defer', random() < 0.5 ? { label: `l${labels++}` } : {})] } : undefined,
      FragmentSpread: (node) => (random() < 0.4 ? { ...node, directives: [...(node.directives ?? []), directive('defer')] } : undefined),
      Field: {
        leave(node) {
          const type = typeInfo.getType();
          let field = node;
          if (type && isListType(getNullableType(type)) && random() < 0.3)
            field = { ...field, directives: [...(field.directives ?? []), directive('stream', { initialCount: Math.floor(random() * 3) })] };
          if (field.selectionSet && field.selectionSet.selections.length > 1 && random() < 0.3) {
            const [kept, ...deferred] = field.selectionSet.selections;
            const fragment = {
              kind: Kind.INLINE_FRAGMENT,
              directives: [directive('defer')],
              selectionSet: { kind: Kind.SELECTION_SET, selections: deferred },
            } as const;
            field = { ...field, selectionSet: { ...field.selectionSet, selections: [kept!, fragment] } };
          }
          return field === node ? undefined : field;
        },
      },
    }),
  );
  return print(edited);
}

/** An answer for comparison: keys in one order (deferred fields arrive after the others), errors without locations in path order. */
function comparable(body: { data?: unknown; errors?: Array<{ path?: unknown; message: string; locations?: unknown }> }) {
  const errors = (body.errors ?? [])
    .map(({ locations: _locations, ...error }) => error)
    .sort((a, b) => (JSON.stringify([a.path, a.message]) < JSON.stringify([b.path, b.message]) ? -1 : 1));
  return JSON.stringify({ data: sortedKeys(body.data ?? null), errors });
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => [key, sortedKeys(item)]),
  );
}

/** Whether the payloads keep to the format: data first, `hasNext` true on all but the last, a path on every entry. */
function wellFormed(payloads: readonly Payload[]): boolean {
  if (payloads.length === 0 || !('data' in payloads[0]!)) return false;
  // One payload is an ordinary answer (the operation had nothing to defer): it may say nothing of what follows.
  if (payloads.length === 1) return payloads[0]!.hasNext !== true;
  if (!payloads.every((payload, index) => payload.hasNext === index < payloads.length - 1)) return false;
  return payloads.slice(1).every((payload) => (payload.incremental ?? []).every((entry) => Array.isArray(entry.path)));
}

describe('incremental delivery through the query planner', () => {
  let demo: DemoServices;
  let planned: TestGateway;
  let standard: TestGateway;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    [planned, standard] = await Promise.all([
      startDemoGateway({ env: demo.env, config: CONFIG }),
      startDemoGateway({ env: demo.env, config: { ...CONFIG, execution: { planner: false } } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([planned?.close(), standard?.close()]);
    await demo?.close();
  });

  it(`the payloads add up to the standard executor's answer for ${COUNT} random operations (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const schema = planned.gateway.schema();
    const random = seedrandom(SEED);
    const operations = generateOperations(schema, { seed: SEED, count: COUNT, argumentValues: DEMO_ARGUMENTS }).map((operation) => ({
      ...operation,
      document: withIncrementalDirectives(schema, operation.document, random),
    }));
    for (const { document } of operations) expect(validate(schema, parse(document))).toEqual([]);
    const differences: unknown[] = [];
    let split = 0;
    const limit = pLimit(4);
    await Promise.all(
      operations.map(({ document, variables }, index) =>
        limit(async () => {
          const [payloads, ordinary] = await Promise.all([
            postIncremental(`${planned.server.url}/graphql`, document, variables),
            standard.query(document, variables).then(({ body }) => comparable(body)),
          ]);
          if (payloads.length > 1) split++;
          const merged = mergePayloads(payloads);
          // A failed non-null field of a deferred fragment nulls the fragment, not its parent: only answers without errors compare whole.
          const failed = ordinary.includes('"errors":[{') || merged.errors.length > 0;
          const same = failed ? ordinary.includes('"errors":[{') && merged.errors.length > 0 : comparable(merged) === ordinary;
          if (!same || !wellFormed(payloads)) differences.push({ index, document, variables, payloads, ordinary });
        }),
      ),
    );
    if (process.env.INCREMENTAL_DUMP) (await import('node:fs')).writeFileSync(process.env.INCREMENTAL_DUMP, JSON.stringify(differences, null, 1));
    for (const difference of differences.slice(0, 3)) console.error(JSON.stringify(difference, null, 2));
    expect(differences).toEqual([]);
    expect(split).toBeGreaterThan(COUNT / 3);
  });
});

/**
 * A TCP proxy in front of a service that holds back the service's bytes while closed: what the
 * gateway receives from it waits for `open()`, so a test can tell what is sent before the service answers.
 */
async function gatedProxy(target: string): Promise<{ url: string; open(): void; close(): Promise<void> }> {
  const [host, port] = target.replace(/^grpc:\/\//, '').split(':');
  let open = false;
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), host!);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => (open ? client.write(chunk) : held.push(() => client.write(chunk))));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `grpc://127.0.0.1:${(server.address() as { port: number }).port}`,
    open() {
      open = true;
      for (const write of held.splice(0)) write();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('@defer and @stream as clients use them', () => {
  let demo: DemoServices;
  let gateway: TestGateway;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    gateway = await startDemoGateway({ env: demo.env });
  });
  afterAll(async () => {
    await gateway?.close();
    await demo?.close();
  });

  it('sends the users before the orders service has answered, and the orders when it has; its log line follows the last payload', async () => {
    const proxy = await gatedProxy(demo.env.ORDERS_URL!);
    const log = captureLog('info');
    const gated = await startDemoGateway({ env: { ...demo.env, ORDERS_URL: proxy.url }, logger: log.logger });
    const requestLines = () => log.lines.filter((line) => line['msg'] === 'graphql request' || line['msg'] === 'graphql request failed');
    try {
      const response = await fetch(`${gated.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
        body: JSON.stringify({ query: '{ users(limit: 2) { id name ... @defer { orders { id } } } }' }),
      });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('"hasNext":true')) text += new TextDecoder().decode((await reader.read()).value);
      // The orders service has not been let through yet: the first payload holds the users alone.
      expect(text).toContain('{"data":{"users":[{"id":"1","name":"Ada Lovelace"},{"id":"2","name":"Grace Lovelace"}]},"hasNext":true}');
      expect(text).not.toContain('orders');
      expect(requestLines()).toEqual([]);
      proxy.open();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
      expect(text).toContain('{"incremental":[{"data":{"orders":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4"},{"id":"5"}]},"path":["users",0]}');
      expect(text).toContain('"hasNext":false');
      // One line for the request, written once its last payload went out: both calls counted.
      await new Promise((resolve) => setImmediate(resolve));
      expect(requestLines()).toEqual([expect.objectContaining({ operationType: 'query', status: 200, result: 'ok', upstreamCalls: 2, events: 2 })]);
    } finally {
      await gated.close();
      await proxy.close();
    }
  });

  it('streams a list: the initial items first, the rest in later payloads', async () => {
    const payloads = await postIncremental(`${gateway.server.url}/graphql`, '{ users(limit: 15) @stream(initialCount: 2, label: "people") { id } }');
    expect(payloads[0]).toEqual({ data: { users: [{ id: '1' }, { id: '2' }] }, hasNext: true });
    const entries = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
    expect(entries.map((entry) => entry.path)).toEqual([
      ['users', 2],
      ['users', 12],
    ]);
    expect(entries.every((entry) => entry.label === 'people')).toBe(true);
    expect(mergePayloads(payloads).data).toEqual({ users: Array.from({ length: 15 }, (_, index) => ({ id: String(index + 1) })) });
  });

  it('answers in one ordinary payload a client that does not read incremental answers, and @defer(if: false)', async () => {
    const query = '{ users(limit: 1) { id ... @defer { name } } products(first: 2) @stream(initialCount: 1) { id } }';
    const expected = { data: { users: [{ id: '1', name: 'Ada Lovelace' }], products: [{ id: '1' }, { id: '2' }] } };
    const { status, body } = await gateway.query(query);
    expect({ status, body }).toEqual({ status: 200, body: expected });
    const off = await postIncremental(`${gateway.server.url}/graphql`, '{ users(limit: 1) { id ... @defer(if: false) { name } } }');
    expect(off).toHaveLength(1);
    expect(mergePayloads(off).data).toEqual({ users: [{ id: '1', name: 'Ada Lovelace' }] });
  });

  it('never sends @defer or @stream to a GraphQL source: the gateway delivers them', async () => {
    const before = await gateway.metric('plexus_upstream_requests_total', { source: 'products' });
    const payloads = await postIncremental(`${gateway.server.url}/graphql`, '{ products(first: 3) @stream(initialCount: 1) { id ... @defer { name } } }');
    expect(payloads.flatMap((payload) => payload.errors ?? [])).toEqual([]);
    expect((await gateway.metric('plexus_upstream_requests_total', { source: 'products' })) - before).toBe(1);
    const { body } = await gateway.query('{ products(first: 3) { id name } }');
    expect(mergePayloads(payloads).data).toEqual(body.data);
  });

  it('delivers over an event stream too', async () => {
    const response = await fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: '{ user(id: "1") { id ... @defer { name } } }' }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data:') && line.trim() !== 'data:')
      .map((line) => JSON.parse(line.slice(5)));
    expect(events).toEqual([
      { data: { user: { id: '1' } }, hasNext: true },
      { incremental: [{ data: { name: 'Ada Lovelace' }, path: ['user'] }], hasNext: false },
    ]);
  });

  it('Apollo Client reads the deferred fragment and the final result', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${gateway.server.url}/graphql` }),
      cache: new InMemoryCache(),
      incrementalHandler: new Defer20220824Handler(),
    });
    const result = await client.query({
      query: gql`
        {
          users(limit: 2) {
            id
            ... @defer {
              name
              orders {
                id
              }
            }
          }
        }
      `,
    });
    expect(result.data).toEqual({
      users: [
        { __typename: 'User', id: '1', name: 'Ada Lovelace', orders: ['1', '2', '3', '4', '5'].map((id) => ({ __typename: 'Order', id })) },
        { __typename: 'User', id: '2', name: 'Grace Lovelace', orders: ['6', '7', '8', '9', '10'].map((id) => ({ __typename: 'Order', id })) },
      ],
    });
    client.stop();
  });
});
