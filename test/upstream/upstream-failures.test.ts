import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { graphqlSource } from '../../src/sources/graphql/index.js';
import type { SourceKind } from '../../src/sources/types.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startGraphQLServer, startHttpServer, type TestServer } from '../helpers/servers.js';

let demo: DemoServices | undefined;
let gateway: TestGateway | undefined;
let project: TempProject | undefined;
let upstream: TestServer | undefined;

afterEach(async () => {
  await gateway?.close();
  await demo?.close();
  await project?.remove();
  await upstream?.close();
  gateway = demo = project = upstream = undefined;
});

const SLOW_SDL = 'type Query { slow: String }\n';

function singleSource(endpoint: string, extra = '') {
  return tempProject({
    'sources/flaky/source.yaml': `kind: graphql\nendpoint: ${endpoint}\nschema: schema.graphql\n${extra}`,
    'sources/flaky/schema.graphql': SLOW_SDL,
  });
}

describe('upstream failures at query time', () => {
  it("returns the other sources' data when one source is down", async () => {
    demo = await startDemoServices(ANY_PORTS);
    gateway = await startDemoGateway({ env: demo.env });
    await demo.services.inventory.close();
    const { status, body } = await gateway.query('{ products(first: 1) { id } stock(productId: "2") { available } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ products: [{ id: '1' }], stock: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['stock'], extensions: { code: 'UPSTREAM_ERROR', source: 'inventory' } })]);
  });

  it('gives UPSTREAM_TIMEOUT when a source is slower than its timeout', async () => {
    upstream = await startGraphQLServer({ typeDefs: SLOW_SDL, resolvers: { Query: { slow: () => 'late' } }, delayMs: 1500 });
    project = await singleSource(upstream.url, 'timeout: 200ms\n');
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    const { body } = await gateway.query('{ slow }');
    expect(body).toEqual({
      data: { slow: null },
      errors: [expect.objectContaining({ path: ['slow'], extensions: { code: 'UPSTREAM_TIMEOUT', source: 'flaky', timeoutMs: 200 } })],
    });
    expect(await gateway.metric('plexus_upstream_errors_total', { source: 'flaky', outcome: 'timeout' })).toBe(1);
  });

  it('gives UPSTREAM_ERROR with the status when a source answers 500 with no GraphQL body', async () => {
    upstream = await startHttpServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html>stack trace of the upstream, not for clients</html>');
    });
    project = await singleSource(upstream.url);
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    const { body } = await gateway.query('{ slow }');
    expect(body.data).toEqual({ slow: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Source "flaky" answered HTTP 500 with a body that is not JSON',
        path: ['slow'],
        extensions: { code: 'UPSTREAM_ERROR', source: 'flaky', status: 500 },
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('stack trace');
  });

  it('passes through errors the upstream service reports, tagged with the source', async () => {
    upstream = await startGraphQLServer({
      typeDefs: SLOW_SDL,
      resolvers: {
        Query: {
          slow: () => {
            throw Object.assign(new Error('no such thing'), { extensions: { code: 'NOT_FOUND' } });
          },
        },
      },
    });
    project = await singleSource(upstream.url);
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    const { body } = await gateway.query('{ slow }');
    expect(body.data).toEqual({ slow: null });
    expect(body.errors[0].extensions).toEqual(expect.objectContaining({ source: 'flaky', code: expect.any(String) }));
  });

  it('masks unexpected errors: no message, no stack', async () => {
    const broken = {
      ...graphqlSource,
      async load(context) {
        const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { secret: { type: GraphQLString } } }) });
        return {
          name: context.name,
          kind: 'graphql',
          schema,
          executor: () => {
            throw new Error('password=hunter2 at db.internal:5432');
          },
          batch: false,
          operations: [],
          warnings: [],
          probe: async () => {},
          close: async () => {},
        };
      },
    } as SourceKind;
    project = await singleSource('http://127.0.0.1:1/graphql');
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, kinds: { graphql: broken } });
    const { body } = await gateway.query('{ secret }');
    expect(body.data).toEqual({ secret: null });
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(JSON.stringify(body)).not.toMatch(/hunter2|db\.internal|stack/);
  });
});

describe('headers', () => {
  it('forwards the configured client headers and sets fixed ones', async () => {
    upstream = await startGraphQLServer({ typeDefs: SLOW_SDL, resolvers: { Query: { slow: () => 'ok' } } });
    project = await singleSource(upstream.url, 'headers:\n  forward: [Authorization, x-request-id]\n  set: { x-api-key: "${KEY:-k-123}" }\n');
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    await gateway.query('{ slow }', undefined, { authorization: 'Bearer abc', 'x-request-id': 'r-1', cookie: 'session=s' });
    const seen = upstream.requests.at(-1)!.headers;
    expect(seen['authorization']).toBe('Bearer abc');
    expect(seen['x-request-id']).toBe('r-1');
    expect(seen['x-api-key']).toBe('k-123');
    expect(seen['cookie']).toBeUndefined();
  });

  it('reuses keep-alive connections across requests', async () => {
    upstream = await startGraphQLServer({ typeDefs: SLOW_SDL, resolvers: { Query: { slow: () => 'ok' } } });
    project = await singleSource(upstream.url);
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    for (let i = 0; i < 5; i++) await gateway.query('{ slow }');
    expect(upstream.requests).toHaveLength(5);
    expect(upstream.connections).toBe(1);
  });
});
