import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { linkProject, startLinkServices, type LinkServices } from './fixtures.js';

let services: LinkServices;
let project: TempProject | undefined;
let gateway: TestGateway | undefined;

beforeAll(async () => {
  services = await startLinkServices();
});
afterAll(() => services.close());
beforeEach(() => {
  for (const list of Object.values(services.batches)) list.length = 0;
  services.failTasks.enabled = false;
});
afterEach(async () => {
  await gateway?.close();
  await project?.remove();
  gateway = project = undefined;
});

const TASKS_LINK = (extra = '') =>
  `tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", argument: "ownerIds", matchOn: "ownerId"${extra})`;
const OWNER_LINK = 'owner: Person @resolveBy(source: "people", operation: "peopleByIds", key: "ownerId")';

async function start(links: string) {
  project = await tempProject(linkProject(services, links));
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
  return gateway;
}

async function calls(source: string) {
  return gateway!.metric('plexus_upstream_requests_total', { source });
}

describe('links with batch operations', () => {
  it('resolves a fan-out with one upstream call per source and level, fetching keys the client did not select', async () => {
    await start(`extend type Person { ${TASKS_LINK()} }\nextend type Task { ${OWNER_LINK} }\n`);
    const { body } = await gateway!.query('{ people(limit: 5) { name tasks { title owner { name } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.people).toHaveLength(5);
    expect(body.data.people[0]).toEqual({
      name: 'Person 1',
      tasks: [
        { title: 'Task 3 of 1', owner: { name: 'Person 1' } },
        { title: 'Task 2 of 1', owner: { name: 'Person 1' } },
        { title: 'Task 1 of 1', owner: { name: 'Person 1' } },
      ],
    });
    expect(body.data.people[3]).toEqual({ name: 'Person 4', tasks: [] });
    // Keys are fetched for the links but not shown: the client did not ask for id or ownerId.
    expect(JSON.stringify(body)).not.toMatch(/"id"|ownerId|_plexusKey/);
    expect(await calls('people')).toBe(2);
    expect(await calls('tasks')).toBe(1);
    expect(services.batches['tasksByOwners']).toEqual([['1', '2', '3', '4', '5']]);
    // Fifteen tasks point at five owners: each owner is asked for once.
    expect(services.batches['peopleByIds']).toEqual([['1', '2', '3', '5']]);
    expect(await gateway!.metric('plexus_link_batch_size_sum', { link: 'Person.tasks' })).toBe(5);
  });

  it('gives null for a key the batch operation does not know, for that parent only', async () => {
    await start(`extend type Task { ${OWNER_LINK} }\n`);
    const { body } = await gateway!.query('{ tasksByOwners(ownerIds: ["1", "99"]) { id owner { name } } }');
    expect(body.errors).toBeUndefined();
    const owners = Object.fromEntries(body.data.tasksByOwners.map((task: { id: string; owner: unknown }) => [task.id, task.owner]));
    expect(owners).toEqual({ orphan: null, '1-3': { name: 'Person 1' }, '1-2': { name: 'Person 1' }, '1-1': { name: 'Person 1' } });
  });

  it('puts the error of a failed batch call on exactly the affected paths', async () => {
    await start(`extend type Person { ${TASKS_LINK(', maxBatchSize: 2')} }\n`);
    services.failTasks.enabled = true;
    const { body } = await gateway!.query('{ people(limit: 3) { name tasks { title } } }');
    expect(body.data.people).toEqual([
      { name: 'Person 1', tasks: null },
      { name: 'Person 2', tasks: null },
      { name: 'Person 3', tasks: null },
    ]);
    expect(body.errors.map((error: { path: unknown[] }) => error.path)).toEqual([
      ['people', 0, 'tasks'],
      ['people', 1, 'tasks'],
      ['people', 2, 'tasks'],
    ]);
    expect(body.errors[0].extensions).toMatchObject({ source: 'tasks' });
  });

  it('errors only the chunk that failed when batches are split', async () => {
    await start(`extend type Person { ${TASKS_LINK(', maxBatchSize: 2')} }\n`);
    const { body } = await gateway!.query('{ people(limit: 5) { name tasks { id } } }');
    expect(body.errors).toBeUndefined();
    expect(services.batches['tasksByOwners']).toEqual([['1', '2'], ['3', '4'], ['5']]);
    // A GraphQL source takes the chunks as root fields of one request.
    expect(await calls('tasks')).toBe(1);
  });

  it('keeps two concurrent requests apart: each gets its own loader and its own calls', async () => {
    await start(`extend type Person { ${TASKS_LINK()} }\n`);
    const [first, second] = await Promise.all([
      gateway!.query('{ people(limit: 2) { id tasks { id } } }'),
      gateway!.query('{ people(limit: 3) { id tasks { id } } }'),
    ]);
    expect(first.body.data.people.map((person: { tasks: unknown[] }) => person.tasks.length)).toEqual([3, 3]);
    expect(second.body.data.people.map((person: { tasks: unknown[] }) => person.tasks.length)).toEqual([3, 3, 3]);
    expect([...services.batches['tasksByOwners']!].sort((a, b) => a.length - b.length)).toEqual([
      ['1', '2'],
      ['1', '2', '3'],
    ]);
  });

  it('resolves deep nesting with one call per level', async () => {
    await start(`extend type Person { ${TASKS_LINK()} }\nextend type Task { ${OWNER_LINK} }\n`);
    const { body } = await gateway!.query('{ people(limit: 3) { name tasks { owner { name tasks { title } } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.people[2].tasks[0].owner.tasks).toHaveLength(3);
    expect(await calls('people')).toBe(2);
    expect(await calls('tasks')).toBe(2);
  });

  it('reads items under a results path and puts keys into a nested input argument', async () => {
    await start(
      'extend type Person { page: [Task!] @resolveBy(source: "tasks", operation: "taskPage", key: "id", argument: "filter.ownerIds", matchOn: "ownerId", results: "items") }\n',
    );
    const { body } = await gateway!.query('{ people(limit: 2) { name page { id } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.people[1].page.map((task: { id: string }) => task.id)).toEqual(['2-1', '2-2', '2-3']);
    expect(services.batches['taskPage']).toEqual([['1', '2']]);
  });
});

describe('links without a batch operation', () => {
  it('calls once per distinct key, in parallel, deduplicating repeated keys', async () => {
    await start(
      'extend type Person { tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwner", key: "id") }\nextend type Task { boss: Person @resolveBy(source: "people", operation: "person", key: "ownerId") }\n',
    );
    const { body } = await gateway!.query('{ people(limit: 4) { id tasks { id boss { name } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.people[1].tasks[2]).toEqual({ id: '2-3', boss: { name: 'Person 2' } });
    expect(services.batches['tasksByOwner']!.flat().sort()).toEqual(['1', '2', '3', '4']);
    // 9 tasks of 3 distinct owners: three person() operations, not nine, sent together in one request.
    expect(services.batches['tasksByOwner']).toHaveLength(4);
    expect(services.batches['person']!.flat().sort()).toEqual(['1', '2', '3']);
    expect(await calls('tasks')).toBe(1);
    expect(await calls('people')).toBe(2);
  });
});

describe('entity merging', () => {
  it('merges one type provided by two sources under a key', async () => {
    project = await tempProject(
      linkProject(
        services,
        'extend type Person @merge(source: "people", operation: "peopleByIds", key: "id") @merge(source: "directory", operation: "profiles", key: "id", argument: "ids", matchOn: "id")\n',
        {
          'sources/directory/source.yaml': `kind: graphql\nendpoint: ${services.people.url.replace('/graphql', '/profiles')}\nschema: schema.graphql\n`,
          'sources/directory/schema.graphql': 'type Person { id: ID!, bio: String }\ntype Query { profiles(ids: [ID!]!): [Person!]! }\n',
        },
      ),
    );
    const { startGraphQLServer } = await import('../helpers/servers.js');
    const directory = await startGraphQLServer({
      typeDefs: 'type Person { id: ID!, bio: String }\ntype Query { profiles(ids: [ID!]!): [Person!]! }\n',
      // Answers in reverse order: matched on id.
      resolvers: { Query: { profiles: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id, bio: `Bio of ${id}` })).reverse() } },
    });
    try {
      await project.write({ 'sources/directory/source.yaml': `kind: graphql\nendpoint: ${directory.url}\nschema: schema.graphql\n` });
      gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
      const { body } = await gateway.query('{ people(limit: 3) { name bio } }');
      expect(body).toEqual({ data: { people: [1, 2, 3].map((n) => ({ name: `Person ${n}`, bio: `Bio of ${n}` })) } });
      expect(directory.requests).toHaveLength(1);
    } finally {
      await directory.close();
    }
  });
});

describe('entity merging when the second source fails', () => {
  it.each([true, false])("puts each item's error on that item's path (planner: %s)", async (planner) => {
    const profiles = 'type Person { id: ID!, bio: String }\ntype Query { profiles(ids: [ID!]!): [Person!]! }\n';
    project = await tempProject(
      linkProject(
        services,
        'extend type Person @merge(source: "people", operation: "peopleByIds", key: "id") @merge(source: "directory", operation: "profiles", key: "id", argument: "ids", matchOn: "id")\n',
        {
          // Nothing listens there: every merge call to the directory fails.
          'sources/directory/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\nretry: { enabled: false }\n',
          'sources/directory/schema.graphql': profiles,
        },
      ),
    );
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, config: { execution: { planner } } });
    const { body } = await gateway.query('{ people(limit: 2) { name bio } }');
    expect(body.data).toEqual({
      people: [
        { name: 'Person 1', bio: null },
        { name: 'Person 2', bio: null },
      ],
    });
    expect(body.errors.map((error: { path: unknown[] }) => error.path)).toEqual([
      ['people', 0, 'bio'],
      ['people', 1, 'bio'],
    ]);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'directory' });
  });
});
