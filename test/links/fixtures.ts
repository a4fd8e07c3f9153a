import { startGraphQLServer, type TestServer } from '../helpers/servers.js';

export const PEOPLE_SDL = `
type Person { id: ID!, name: String!, email: String }
type Query {
  people(limit: Int = 10): [Person!]!
  person(id: ID!): Person
  "One entry per id, in order; null where unknown."
  peopleByIds(ids: [ID!]!): [Person]!
}
`;

export const TASKS_SDL = `
type Task { id: ID!, title: String!, ownerId: ID! }
type TaskPage { items: [Task!]!, total: Int! }
type Query {
  "Tasks of many owners, in any order."
  tasksByOwners(ownerIds: [ID!]!): [Task!]!
  tasksByOwner(ownerId: ID!): [Task!]!
  taskPage(filter: TaskFilter!): TaskPage!
}
input TaskFilter { ownerIds: [ID!]!, limit: Int }
`;

export const people = Array.from({ length: 12 }, (_, index) => ({ id: String(index + 1), name: `Person ${index + 1}`, email: `p${index + 1}@example.com` }));
// Three tasks for each person except person 4, who has none.
// An orphan task points at an owner that does not exist.
export const tasks = [
  ...people.flatMap((person) =>
    person.id === '4' ? [] : [1, 2, 3].map((n) => ({ id: `${person.id}-${n}`, title: `Task ${n} of ${person.id}`, ownerId: person.id })),
  ),
  { id: 'orphan', title: 'Orphan task', ownerId: '99' },
];

export interface LinkServices {
  people: TestServer;
  tasks: TestServer;
  /** Keys received by each batch field, one entry per upstream call. */
  batches: Record<string, string[][]>;
  failTasks: { enabled: boolean };
  close(): Promise<void>;
}

export async function startLinkServices(): Promise<LinkServices> {
  const batches: Record<string, string[][]> = { peopleByIds: [], person: [], tasksByOwners: [], tasksByOwner: [], taskPage: [] };
  const failTasks = { enabled: false };
  const peopleServer = await startGraphQLServer({
    typeDefs: PEOPLE_SDL,
    resolvers: {
      Query: {
        people: (_: unknown, { limit }: { limit: number }) => people.slice(0, limit),
        person: (_: unknown, { id }: { id: string }) => {
          batches['person']!.push([id]);
          return people.find((person) => person.id === id) ?? null;
        },
        peopleByIds: (_: unknown, { ids }: { ids: string[] }) => {
          batches['peopleByIds']!.push(ids);
          return ids.map((id) => people.find((person) => person.id === id) ?? null);
        },
      },
    },
  });
  const tasksServer = await startGraphQLServer({
    typeDefs: TASKS_SDL,
    resolvers: {
      Query: {
        tasksByOwners: (_: unknown, { ownerIds }: { ownerIds: string[] }) => {
          batches['tasksByOwners']!.push(ownerIds);
          if (failTasks.enabled) throw new Error('tasks database is down');
          // Reverse order on purpose: results must be matched by key, not position.
          return tasks.filter((task) => ownerIds.includes(task.ownerId)).reverse();
        },
        tasksByOwner: (_: unknown, { ownerId }: { ownerId: string }) => {
          batches['tasksByOwner']!.push([ownerId]);
          return tasks.filter((task) => task.ownerId === ownerId);
        },
        taskPage: (_: unknown, { filter }: { filter: { ownerIds: string[] } }) => {
          batches['taskPage']!.push(filter.ownerIds);
          const items = tasks.filter((task) => filter.ownerIds.includes(task.ownerId));
          return { items, total: items.length };
        },
      },
    },
  });
  return {
    people: peopleServer,
    tasks: tasksServer,
    batches,
    failTasks,
    async close() {
      await Promise.all([peopleServer.close(), tasksServer.close()]);
    },
  };
}

export function linkProject(services: LinkServices, links: string, extra: Record<string, string> = {}) {
  return {
    'sources/people/source.yaml': `kind: graphql\nendpoint: ${services.people.url}\nschema: schema.graphql\n`,
    'sources/people/schema.graphql': PEOPLE_SDL,
    'sources/tasks/source.yaml': `kind: graphql\nendpoint: ${services.tasks.url}\nschema: schema.graphql\n`,
    'sources/tasks/schema.graphql': TASKS_SDL,
    'schemas/links.graphql': links,
    ...extra,
  };
}
