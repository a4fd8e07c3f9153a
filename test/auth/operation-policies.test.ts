import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { demoProject } from '../helpers/demo-project.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SECRET, startRecordingUpstream, token, type RecordingUpstream } from '../helpers/security.js';

interface DemoProject {
  demo: DemoServices;
  /** A gateway over the demo sources and links plus the policies, with HS256 tokens. */
  start(config?: Record<string, unknown>): Promise<TestGateway>;
  close(): Promise<void>;
}

/** The demo services, and a project holding the demo's sources and links with extra policies. */
async function demoWithPolicies(policies: string): Promise<DemoProject> {
  const demo = await startDemoServices(ANY_PORTS);
  const project = await demoProject({ sources: ['users', 'orders', 'products'], files: { 'schemas/policies.graphql': policies } });
  return {
    demo,
    start: (config = {}) =>
      startTestGateway({
        sourcesDir: project.sourcesDir,
        schemasDir: project.schemasDir,
        cwd: project.dir,
        env: demo.env,
        config: { auth: { jwtSecret: SECRET }, ...config },
      }),
    close: async () => {
      await Promise.all([demo.close(), project.remove()]);
    },
  };
}

/** Calls as a caller: anonymous, or with a token holding these scopes. */
async function as(gateway: TestGateway, query: string, scope?: string) {
  const headers = scope === undefined ? {} : { authorization: `Bearer ${await token({ sub: 'u', scope }, 'secret')}` };
  return (await gateway.query(query, undefined, headers)).body;
}

describe('a policy on a root field guards the links and root batching that call its operation (demo services)', () => {
  const POLICIES = /* GraphQL */ `
    extend type Query {
      usersByIds(ids: [String!]!): [User!] @requiresScopes(scopes: [["users:read"]])
    }
  `;
  let project: DemoProject;
  let gateway: TestGateway;
  let seen = 0;
  // What reached the users service during the test.
  const usersCalls = () => project.demo.services.users.calls.slice(seen);

  beforeAll(async () => {
    project = await demoWithPolicies(POLICIES);
    gateway = await project.start();
  });
  afterAll(async () => {
    await gateway.close();
    await project.close();
  });
  beforeEach(() => {
    seen = project.demo.services.users.calls.length;
  });

  const ORDER_WITH_USER = '{ getOrder(id: "1") { id user { name } } }';

  it.each([
    ['an anonymous caller', undefined, 'UNAUTHENTICATED', 'Reading Order.user needs a verified token'],
    ['a token without the scope', 'orders:read', 'FORBIDDEN', 'Reading Order.user needs a scope the token does not have'],
  ])('nulls a link to the guarded operation for %s before anything runs, and never calls the operation', async (_caller, scope, code, message) => {
    expect(await as(gateway, ORDER_WITH_USER, scope)).toEqual({
      data: { getOrder: { id: '1', user: null } },
      errors: [expect.objectContaining({ message, path: ['getOrder', 'user'], extensions: { code } })],
    });
    expect(usersCalls()).toEqual([]);
  });

  it('resolves the link for a token with the scope', async () => {
    expect(await as(gateway, ORDER_WITH_USER, 'users:read')).toEqual({ data: { getOrder: { id: '1', user: { name: 'Ada Lovelace' } } } });
    expect(usersCalls()).toEqual(['GET /users/batch?ids=1']);
  });

  const TWO_USERS = '{ a: user(id: "1") { name } b: user(id: "2") { name } }';

  it.each([
    ['an anonymous caller', undefined],
    ['a token without the scope', 'orders:read'],
  ])('answers aliased root fields for %s with the operation they name, not the guarded batch operation', async (_caller, scope) => {
    expect(await as(gateway, TWO_USERS, scope)).toEqual({ data: { a: { name: 'Ada Lovelace' }, b: { name: expect.any(String) } } });
    expect(usersCalls().sort()).toEqual(['GET /users/1', 'GET /users/2']);
  });

  it('batches aliased root fields into the guarded operation for a token with the scope', async () => {
    expect(await as(gateway, TWO_USERS, 'users:read')).toEqual({ data: { a: { name: 'Ada Lovelace' }, b: { name: expect.any(String) } } });
    expect(usersCalls()).toEqual(['GET /users/batch?ids=1,2']);
  });

  it('never serves a linked answer cached for a token with the scope to a caller without it', async () => {
    const cached = await project.start({ cache: { ttl: '60s' } });
    try {
      const allowed = { data: { getOrder: { id: '1', user: { name: 'Ada Lovelace' } } } };
      expect(await as(cached, ORDER_WITH_USER, 'users:read')).toEqual(allowed);
      expect(await as(cached, ORDER_WITH_USER, 'users:read')).toEqual(allowed);
      // The repeat was a cache hit: one call in all.
      expect(usersCalls()).toEqual(['GET /users/batch?ids=1']);
      expect(await as(cached, ORDER_WITH_USER)).toMatchObject({
        data: { getOrder: { id: '1', user: null } },
        errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
      });
    } finally {
      await cached.close();
    }
  });

  it('still guards the root field itself', async () => {
    expect(await as(gateway, '{ usersByIds(ids: ["1"]) { name } }')).toEqual({
      data: { usersByIds: null },
      errors: [expect.objectContaining({ path: ['usersByIds'], extensions: { code: 'UNAUTHENTICATED' } })],
    });
    expect(usersCalls()).toEqual([]);
  });
});

describe('a policy on a type guards its data wherever it is reached (demo services)', () => {
  let project: DemoProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    project = await demoWithPolicies('extend type Product @requiresScopes(scopes: [["catalogue"]])\n');
    gateway = await project.start();
  });
  afterAll(async () => {
    await gateway.close();
    await project.close();
  });

  it('nulls a link returning the guarded type, and never asks its source', async () => {
    const products = project.demo.services.products;
    const before = products.requests;
    expect(await as(gateway, '{ getOrder(id: "1") { id product { name } } }', 'orders:read')).toEqual({
      data: { getOrder: { id: '1', product: null } },
      errors: [expect.objectContaining({ path: ['getOrder', 'product'], extensions: { code: 'FORBIDDEN' } })],
    });
    expect(products.requests).toBe(before);
    expect(await as(gateway, '{ getOrder(id: "1") { product { name } } }', 'catalogue')).toEqual({
      data: { getOrder: { product: { name: 'Compact Notebook' } } },
    });
  });
});

describe('a policy on a root field guards the entity merges that call its operation', () => {
  const PEOPLE = 'type Person { id: ID!, name: String! }\ntype Query { people: [Person!]!, peopleByIds(ids: [ID!]!): [Person]! }\n';
  const DIRECTORY = 'type Person { id: ID!, title: String }\ntype Query { profiles(ids: [ID!]!): [Person!]! }\n';
  const people = [1, 2].map((n) => ({ id: String(n), name: `Person ${n}` }));
  let peopleService: RecordingUpstream;
  let directory: RecordingUpstream;
  let project: TempProject;
  let gateway: TestGateway;
  let seen = 0;
  const directoryQueries = () => directory.queries.slice(seen);

  beforeAll(async () => {
    peopleService = await startRecordingUpstream(PEOPLE, {
      Query: {
        people: () => people,
        peopleByIds: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => people.find((person) => person.id === id) ?? null),
      },
    });
    directory = await startRecordingUpstream(DIRECTORY, {
      Query: { profiles: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id, title: `Title of ${id}` })) },
    });
    project = await tempProject({
      'sources/people/source.yaml': `kind: graphql\nendpoint: ${peopleService.url}\nschema: schema.graphql\n`,
      'sources/people/schema.graphql': PEOPLE,
      'sources/directory/source.yaml': `kind: graphql\nendpoint: ${directory.url}\nschema: schema.graphql\n`,
      'sources/directory/schema.graphql': DIRECTORY,
      'schemas/links.graphql':
        'extend type Person @merge(source: "people", operation: "peopleByIds", key: "id") @merge(source: "directory", operation: "profiles", key: "id", argument: "ids", matchOn: "id")\n',
      'schemas/policies.graphql': 'extend type Query {\n  profiles(ids: [ID!]!): [Person!]! @requiresScopes(scopes: [["directory"]])\n}\n',
    });
    gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { auth: { jwtSecret: SECRET }, cache: { ttl: '60s' } },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([peopleService.close(), directory.close(), project.remove()]);
  });
  beforeEach(() => {
    seen = directory.queries.length;
  });

  it.each([
    ['an anonymous caller', undefined, 'UNAUTHENTICATED', 'Reading Query.profiles needs a verified token'],
    ['a token without the scope', 'people', 'FORBIDDEN', 'Reading Query.profiles needs a scope the token does not have'],
  ])('nulls the fields only the guarded operation provides for %s, and never calls it', async (_caller, scope, code, message) => {
    const body = await as(gateway, '{ people { name title } }', scope);
    expect(body.data).toEqual({
      people: [
        { name: 'Person 1', title: null },
        { name: 'Person 2', title: null },
      ],
    });
    expect(body.errors.map((error: { message: string; path: unknown[]; extensions: unknown }) => [error.message, error.path, error.extensions])).toEqual([
      [message, ['people', 0, 'title'], { code }],
      [message, ['people', 1, 'title'], { code }],
    ]);
    expect(directoryQueries()).toEqual([]);
  });

  it('merges for a token with the scope', async () => {
    expect(await as(gateway, '{ people { name title } }', 'directory')).toEqual({
      data: {
        people: [
          { name: 'Person 1', title: 'Title of 1' },
          { name: 'Person 2', title: 'Title of 2' },
        ],
      },
    });
    expect(directoryQueries()).toHaveLength(1);
  });

  it('never serves a merged answer cached for a token with the scope to a caller without it', async () => {
    const query = '{ people { id title } }';
    const allowed = {
      data: {
        people: [
          { id: '1', title: 'Title of 1' },
          { id: '2', title: 'Title of 2' },
        ],
      },
    };
    expect(await as(gateway, query, 'directory')).toEqual(allowed);
    expect(await as(gateway, query, 'directory')).toEqual(allowed);
    // The repeat was a cache hit: one call in all.
    expect(directoryQueries()).toHaveLength(1);
    const anonymous = await as(gateway, query);
    expect(anonymous.data).toEqual({
      people: [
        { id: '1', title: null },
        { id: '2', title: null },
      ],
    });
    expect(anonymous.errors).toHaveLength(2);
  });
});
