import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../../helpers/servers.js';
import { runCli } from '../../helpers/cli.js';
import { federationProject, startSubgraphs, type Subgraphs } from './subgraphs.js';

// A REST service next to federation subgraphs: a link from its type to a federation entity, and
// its own type merged with one.

const ORDERS_OPENAPI = `
openapi: 3.0.3
info: { title: orders, version: '1' }
paths:
  /orders:
    get:
      operationId: orders
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Order' } }
  /users/batch:
    get:
      operationId: profilesByIds
      x-plexus-batch: { argument: ids, key: id }
      parameters:
        - { name: ids, in: query, required: true, style: form, explode: false, schema: { type: array, items: { type: string } } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/User' } }
components:
  schemas:
    Order:
      type: object
      required: [id, userId]
      properties: { id: { type: string }, userId: { type: string }, total: { type: integer } }
    User:
      type: object
      required: [id]
      properties: { id: { type: string }, email: { type: string } }
`;

const orders = [
  { id: 'o1', userId: 'u1', total: 10 },
  { id: 'o2', userId: 'u2', total: 20 },
  { id: 'o3', userId: 'u1', total: 30 },
];

let subgraphs: Subgraphs;
let rest: TestServer;
let restCalls: string[];
let project: TempProject;
let gateway: TestGateway;

const LINKS = `
extend type Order { user: User @resolveBy(source: "accounts", operation: "user", key: "userId") }
extend type User @merge(source: "orders", operation: "profilesByIds", key: "id")
`;

beforeAll(async () => {
  subgraphs = await startSubgraphs();
  restCalls = [];
  rest = await startHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    restCalls.push(`${url.pathname}${url.search}`);
    response.setHeader('content-type', 'application/json');
    if (url.pathname === '/orders') return response.end(JSON.stringify(orders));
    const ids = (url.searchParams.get('ids') ?? '').split(',');
    response.end(JSON.stringify(ids.map((id) => ({ id, email: `${id}@example.com` }))));
  });
  project = await tempProject(
    federationProject(subgraphs, {
      'sources/orders/source.yaml': `kind: openapi\nendpoint: ${rest.url}\nschema: openapi.yaml\n`,
      'sources/orders/openapi.yaml': ORDERS_OPENAPI,
      'schemas/links.graphql': LINKS,
      'gateway.yaml': 'execution: { exposePlan: true }\n',
    }),
  );
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    config: { execution: { exposePlan: true } },
  });
});
afterAll(async () => {
  await gateway?.close();
  await project?.remove();
  await rest?.close();
  await subgraphs?.close();
});
beforeEach(() => {
  subgraphs.reset();
  restCalls.length = 0;
});

describe('REST types and federation entities', () => {
  it('follows a link from a REST type to a federation root field, then the entity into another subgraph', async () => {
    const { body } = await gateway.query('{ orders { id user { name reviews { body } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.orders.map((order: { user: { name: string; reviews: unknown[] } }) => [order.user.name, order.user.reviews.length])).toEqual([
      ['Ada', 3],
      ['Brian', 3],
      ['Ada', 3],
    ]);
    // Two distinct users: one accounts document for both, one reviews _entities call.
    expect(restCalls).toEqual(['/orders']);
    expect(subgraphs.accounts.requests).toBe(1);
    expect(subgraphs.reviews.requests).toBe(1);
    expect(subgraphs.reviews.entityCalls).toEqual([
      [
        { __typename: 'User', id: 'u1' },
        { __typename: 'User', id: 'u2' },
      ],
    ]);
  });

  it('merges a REST type with a federation entity: one call to each source', async () => {
    const { body } = await gateway.query('{ users { name email reviews { body } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.users[2]).toMatchObject({ name: 'Claude', email: 'u3@example.com' });
    expect(body.data.users[2].reviews).toHaveLength(3);
    expect(restCalls).toEqual(['/users/batch?ids=u1,u2,u3']);
    expect(subgraphs.accounts.requests).toBe(1);
    expect(subgraphs.reviews.requests).toBe(1);
  });

  it('describes _entities fetches in the plan', async () => {
    const { body } = await gateway.query('{ users { reviews { product { shippingEstimate } } } }', undefined, { 'x-plexus-plan': '1' });
    expect(body.errors).toBeUndefined();
    const fetches = body.extensions.plan.fetches;
    expect(
      fetches.map((fetch: { source: string; calls: string[]; level: number; dependsOn: number[] }) => [
        fetch.source,
        fetch.calls,
        fetch.level,
        fetch.dependsOn,
      ]),
    ).toEqual([
      ['accounts', ['Query.users'], 0, []],
      ['reviews', ['_entities(User)'], 1, [0]],
      ['products', ['_entities(Product)'], 2, [1]],
      ['shipping', ['_entities(Product)'], 3, [1, 2]],
    ]);
    expect(fetches[3].keys).toEqual([{ from: 'parents', path: 'users.reviews.product', key: 'upc weight' }]);
    expect(fetches[3].document).toMatch(/_entities\(representations: \$_plexusKeys\) \{\s+\.\.\. on Product \{\s+shippingEstimate/);
    expect(fetches[3].upstreamCalls).toBe('1 call');
  });
});

describe('plexus check and plan', () => {
  it('prints _entities fetches with plexus plan', async () => {
    await project.write({ 'query.graphql': '{ topReviews { author { name } } }' });
    const result = await runCli(['plan', 'query.graphql'], project.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/accounts/);
    expect(result.stdout).toMatch(/_entities\(User\)/);
  });

  it('refuses an unsupported federation directive with its file and line', async () => {
    const refused = await tempProject({
      'sources/things/source.yaml': 'kind: federation\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
      'sources/things/schema.graphql': [
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject", "@override"])',
        'type Query { things: [Thing!]! }',
        'type Thing @key(fields: "id") { id: ID! }',
        'type Media @key(fields: "id") @interfaceObject { id: ID! }',
        'type Other @key(fields: "id") { id: ID! name: String @override(from: "old", label: "percent(5)") }',
        '',
      ].join('\n'),
    });
    try {
      const result = await runCli(['check'], refused.dir);
      expect(result.code).toBe(1);
      const output = result.stdout + result.stderr;
      expect(output).toMatch(/sources\/things\/schema\.graphql:4: entity interfaces \(@interfaceObject\) are not supported/);
      expect(output).toMatch(/sources\/things\/schema\.graphql:5: progressive @override \(label:\) on Other\.name is not supported/);
    } finally {
      await refused.remove();
    }
  });
});
