import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';

// A mutation's root fields run one after another, and each only once the one before it is
// complete with every field below it, links included (the specification's serial execution).

const COUNTER_SDL = 'type Counter { value: Int!, ownerId: ID! }\ntype Query { counter: Counter }\ntype Mutation { bump(by: Int!): Counter! }\n';
const OWNERS_SDL = 'type Owner { id: ID!, name: String!, seen: Int! }\ntype Query { owners(ids: [ID!]!): [Owner!]! }\n';

describe('mutations through the planner', () => {
  const log: string[] = [];
  let value = 0;
  let counter: TestServer;
  let owners: TestServer;
  let project: TempProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    counter = await startGraphQLServer({
      typeDefs: COUNTER_SDL,
      resolvers: {
        Query: { counter: () => ({ value, ownerId: '1' }) },
        Mutation: {
          bump: async (_: unknown, { by }: { by: number }) => {
            log.push(`bump ${by}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
            value += by;
            return { value, ownerId: '1' };
          },
        },
      },
    });
    owners = await startGraphQLServer({
      typeDefs: OWNERS_SDL,
      resolvers: {
        Query: {
          owners: async (_: unknown, { ids }: { ids: string[] }) => {
            log.push(`owners ${ids.join(',')}`);
            // Slower than a bump: a link still running must hold the next root field back.
            await new Promise((resolve) => setTimeout(resolve, 60));
            return ids.map((id) => ({ id, name: `Owner ${id}`, seen: value }));
          },
        },
      },
    });
    project = await tempProject({
      'sources/counter/source.yaml': `kind: graphql\nendpoint: ${counter.url}\nschema: schema.graphql\n`,
      'sources/counter/schema.graphql': COUNTER_SDL,
      'sources/owners/source.yaml': `kind: graphql\nendpoint: ${owners.url}\nschema: schema.graphql\n`,
      'sources/owners/schema.graphql': OWNERS_SDL,
      'schemas/links.graphql':
        'extend type Counter { owner: Owner @resolveBy(source: "owners", operation: "owners", key: "ownerId", argument: "ids", matchOn: "id") }\n',
    });
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([counter?.close(), owners?.close(), project?.remove()]);
  });

  it('runs each root field after the previous one and everything below it', async () => {
    log.length = 0;
    const { body } = await gateway.query('mutation { a: bump(by: 1) { value owner { name seen } } __typename b: bump(by: 10) { value owner { seen } } }');
    expect(body.errors).toBeUndefined();
    expect(log).toEqual(['bump 1', 'owners 1', 'bump 10', 'owners 1']);
    // The first owner was read before the second bump: it saw the value after the first one only.
    expect(body.data).toEqual({ a: { value: 1, owner: { name: 'Owner 1', seen: 1 } }, __typename: 'Mutation', b: { value: 11, owner: { seen: 11 } } });
  });
});
