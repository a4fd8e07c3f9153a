import { afterEach, describe, expect, it } from 'vitest';
import { buildOffline } from '../../src/compose/build.js';
import { printComposed } from '../../src/compose/print.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { PEOPLE_SDL, TASKS_SDL } from './fixtures.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function build(links: string) {
  project = await tempProject({
    'sources/people/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
    'sources/people/schema.graphql': PEOPLE_SDL,
    'sources/tasks/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
    'sources/tasks/schema.graphql': TASKS_SDL,
    'schemas/links.graphql': links,
  });
  const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
  return built.schema;
}

const at = (line: number, message: string) => `schemas/links.graphql:${line}: ${message}`;

describe('link validation', () => {
  it('adds the linked field to the composed schema with its directive', async () => {
    const schema = await build('extend type Person {\n  tasks: [Task!]! @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")\n}\n');
    expect(printComposed(schema)).toContain('tasks: [Task!]! @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")');
  });

  it.each([
    ['unknown source', 'tasks: [Task!] @resolveBy(source: "todo", operation: "tasksByOwners", key: "id")', 'unknown source "todo" (sources: people, tasks)'],
    ['unknown operation', 'tasks: [Task!] @resolveBy(source: "tasks", operation: "allTasks", key: "id")', 'source "tasks" has no operation "allTasks"'],
    ['unknown argument', 'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", argument: "owners", matchOn: "ownerId")', 'operation "tasksByOwners" has no argument "owners"'],
    ['unknown key field', 'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "uuid", matchOn: "ownerId")', 'type "Person" has no field "uuid" to take the key from'],
    ['unknown matchOn field', 'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "owner")', 'type "Task" has no field "owner" to match results on'],
    ['wrong type', 'tasks: [Person!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")', 'Person.tasks is declared as Person, but operation "tasksByOwners" returns Task'],
    ['missing matchOn', 'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id")', 'a one-to-many batch link needs matchOn: the field of each Task that holds the key'],
    ['ambiguous argument', 'x: [Task!] @resolveBy(source: "tasks", operation: "taskPage", key: "id", results: "items")', 'argument "filter" of operation "taskPage" is an input object; name the field that receives the key (one of filter.ownerIds, filter.limit)'],
    ['existing field', 'name: String @resolveBy(source: "tasks", operation: "tasksByOwner", key: "id")', 'field Person.name is already provided by source "people"'],
  ])('reports %s with file and line', async (_case, field, message) => {
    await expect(build(`extend type Person {\n  ${field}\n}\n`)).rejects.toThrow(at(2, message));
  });

  it('reports a link on a type no source has', async () => {
    await expect(build('\nextend type Robot {\n  tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwner", key: "id")\n}\n')).rejects.toThrow(
      at(3, 'type "Robot" is not an object type of any source'),
    );
  });

  it('reports a bad @merge', async () => {
    await expect(build('extend type Person @merge(source: "tasks", operation: "tasksByOwners", key: "id")\n')).rejects.toThrow(at(1, 'source "tasks" has no type "Person" to merge'));
  });
});
