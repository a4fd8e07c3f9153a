import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, testConfig, type TestGateway } from '../../helpers/gateway.js';
import { createGateway } from '../../../src/server/gateway.js';
import { createLogger } from '../../../src/logger.js';
import { ACCOUNTS_SDL, REVIEWS_SDL, serveSubgraph, users, type Subgraph } from './subgraphs.js';

// The subgraph's SDL from the service itself, @override, nested keys, and the standard executor.

const NICKNAMES_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@override"])
type User @key(fields: "id") { id: ID! name: String! @override(from: "accounts") }
`;

// A key with a nested selection: a member is known by its id within its organisation.
const MEMBERS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@shareable"])
type Query { members: [Member!]! }
type Org @shareable { id: ID! }
type Member @key(fields: "id org { id }") { id: ID! org: Org! name: String! }
`;
const ROLES_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@shareable"])
type Org @shareable { id: ID! }
type Member @key(fields: "id org { id }") { id: ID! org: Org! role: String! }
`;

let accounts: Subgraph;
let reviews: Subgraph;
let nicknames: Subgraph;
let members: Subgraph;
let roles: Subgraph;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  [accounts, reviews, nicknames, members, roles] = await Promise.all([
    serveSubgraph(ACCOUNTS_SDL, {
      Query: { users: () => users },
      User: { __resolveReference: (reference: { id: string }) => users.find((user) => user.id === reference.id) ?? null },
    }),
    serveSubgraph(REVIEWS_SDL, { User: { reviews: () => [] } }),
    serveSubgraph(NICKNAMES_SDL, { User: { name: (user: { id: string }) => `${users.find((known) => known.id === user.id)?.name.toUpperCase()}!` } }),
    serveSubgraph(MEMBERS_SDL, {
      Query: {
        members: () => [
          { id: 'm1', org: { id: 'o1' }, name: 'Mia' },
          { id: 'm1', org: { id: 'o2' }, name: 'Mia elsewhere' },
        ],
      },
    }),
    serveSubgraph(ROLES_SDL, { Member: { role: (member: { id: string; org: { id: string } }) => `${member.id}@${member.org.id}` } }),
  ]);
  project = await tempProject({
    // No schema: the SDL comes from { _service { sdl } }.
    'sources/accounts/source.yaml': `kind: federation\nendpoint: ${accounts.url}\n`,
    'sources/reviews/source.yaml': `kind: federation\nendpoint: ${reviews.url}\nmaxBatchSize: 2\n`,
    'sources/nicknames/source.yaml': `kind: federation\nendpoint: ${nicknames.url}\nschema: schema.graphql\n`,
    'sources/nicknames/schema.graphql': NICKNAMES_SDL,
    'sources/members/source.yaml': `kind: federation\nendpoint: ${members.url}\nschema: schema.graphql\n`,
    'sources/members/schema.graphql': MEMBERS_SDL,
    'sources/roles/source.yaml': `kind: federation\nendpoint: ${roles.url}\nschema: schema.graphql\n`,
    'sources/roles/schema.graphql': ROLES_SDL,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
});
afterAll(async () => {
  await gateway?.close();
  await project?.remove();
  await Promise.all([accounts, reviews, nicknames, members, roles].map((subgraph) => subgraph?.close()));
});

describe('federation sources', () => {
  it('reads the SDL from the service when schema is omitted', async () => {
    const before = reviews.requests;
    const { body } = await gateway.query('{ users { id reviews { body } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.users).toEqual(users.map((user) => ({ id: user.id, reviews: [] })));
    // Three representations in chunks of two (maxBatchSize), both chunks in one request.
    expect(reviews.requests - before).toBe(1);
    expect(reviews.entityCalls.slice(-2)).toEqual([
      [
        { __typename: 'User', id: 'u1' },
        { __typename: 'User', id: 'u2' },
      ],
      [{ __typename: 'User', id: 'u3' }],
    ]);
  });

  it('asks the overriding subgraph for an overridden field', async () => {
    const before = { accounts: accounts.requests, nicknames: nicknames.requests };
    const { body } = await gateway.query('{ users { name } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.users.map((user: { name: string }) => user.name)).toEqual(['ADA!', 'BRIAN!', 'CLAUDE!']);
    expect(accounts.requests - before.accounts).toBe(1);
    expect(nicknames.requests - before.nicknames).toBe(1);
  });

  it('sends nested key selections in the representation', async () => {
    const { body } = await gateway.query('{ members { name role } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.members).toEqual([
      { name: 'Mia', role: 'm1@o1' },
      { name: 'Mia elsewhere', role: 'm1@o2' },
    ]);
    expect(roles.entityCalls).toEqual([
      [
        { __typename: 'Member', id: 'm1', org: { id: 'o1' } },
        { __typename: 'Member', id: 'm1', org: { id: 'o2' } },
      ],
    ]);
  });

  it('refuses to start with federation entities on the standard executor', async () => {
    const starting = createGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      env: {},
      logger: createLogger({ level: 'silent' }),
      config: testConfig({ execution: { planner: false } }),
    });
    await expect(starting).rejects.toThrow(
      /sources\/accounts\/source\.yaml: federation entities \(User\) need the query planner, but execution\.planner is false/,
    );
  });
});
