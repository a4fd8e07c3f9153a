import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { checkCommand } from '../../src/cli/check.js';
import { buildOffline } from '../../src/compose/build.js';
import { printComposed } from '../../src/compose/print.js';
import { createLogger } from '../../src/logger.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway } from '../helpers/gateway.js';
import { PEOPLE_SDL, TASKS_SDL } from './fixtures.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function build(links: string) {
  project = await linkedProject(links);
  const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
  return built.schema;
}

function linkedProject(links: string) {
  return tempProject({
    'sources/people/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
    'sources/people/schema.graphql': PEOPLE_SDL,
    'sources/tasks/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
    'sources/tasks/schema.graphql': TASKS_SDL,
    'schemas/links.graphql': links,
  });
}

const at = (line: number, message: string) => `schemas/links.graphql:${line}: ${message}`;

describe('link validation', () => {
  it('adds the linked field to the composed schema with its directive', async () => {
    const schema = await build(
      'extend type Person {\n  tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")\n}\n',
    );
    expect(printComposed(schema)).toContain('tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")');
  });

  it.each([
    ['unknown source', 'tasks: [Task!] @resolveBy(source: "todo", operation: "tasksByOwners", key: "id")', 'unknown source "todo" (sources: people, tasks)'],
    ['unknown operation', 'tasks: [Task!] @resolveBy(source: "tasks", operation: "allTasks", key: "id")', 'source "tasks" has no operation "allTasks"'],
    [
      'unknown argument',
      'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", argument: "owners", matchOn: "ownerId")',
      'operation "tasksByOwners" has no argument "owners"',
    ],
    [
      'unknown key field',
      'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "uuid", matchOn: "ownerId")',
      'type "Person" has no field "uuid" to take the key from',
    ],
    [
      'unknown matchOn field',
      'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "owner")',
      'type "Task" has no field "owner" to match results on',
    ],
    [
      'wrong type',
      'tasks: [Person!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")',
      'Person.tasks is declared as Person, but operation "tasksByOwners" returns Task',
    ],
    [
      'missing matchOn',
      'tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id")',
      'a one-to-many batch link needs matchOn: the field of each Task that holds the key',
    ],
    [
      'ambiguous argument',
      'x: [Task!] @resolveBy(source: "tasks", operation: "taskPage", key: "id", results: "items")',
      'argument "filter" of operation "taskPage" is an input object; name the field that receives the key (one of filter.ownerIds, filter.limit)',
    ],
    [
      'existing field',
      'name: String @resolveBy(source: "tasks", operation: "tasksByOwner", key: "id")',
      'field Person.name is already provided by source "people"',
    ],
  ])('reports %s with file and line', async (_case, field, message) => {
    await expect(build(`extend type Person {\n  ${field}\n}\n`)).rejects.toThrow(at(2, message));
  });

  it('reports a link on a type no source has', async () => {
    await expect(build('\nextend type Robot {\n  tasks: [Task!] @resolveBy(source: "tasks", operation: "tasksByOwner", key: "id")\n}\n')).rejects.toThrow(
      at(3, 'type "Robot" is not an object type of any source'),
    );
  });

  it('reports a bad @merge', async () => {
    await expect(build('extend type Person @merge(source: "tasks", operation: "tasksByOwners", key: "id")\n')).rejects.toThrow(
      at(1, 'source "tasks" has no type "Person" to merge'),
    );
  });
});

describe('link warnings', () => {
  const NON_NULL =
    'extend type Person {\n  "Every task of this person."\n  tasks: [Task!]! @resolveBy(source: "tasks", operation: "tasksByOwners", key: "id", matchOn: "ownerId")\n}\n';
  const WARNING = at(
    3,
    'Person.tasks is declared non-null ([Task!]!): when source "tasks" fails, the null moves up and erases each Person the other sources answered; ' +
      'declare it [Task!] so that a failure nulls only Person.tasks, with the error on its path',
  );

  async function check(links: string) {
    project = await linkedProject(links);
    const lines: string[] = [];
    const code = await checkCommand({ sources: 'sources', schemas: 'schemas' }, project.dir, (line) => lines.push(line) > 0);
    return { code, lines };
  }

  it('warns in plexus check, with file and line, about a link field declared non-null', async () => {
    expect(await check(NON_NULL)).toEqual({ code: 0, lines: ['link warnings:', `  ${WARNING}`, 'ok: 2 sources: people (graphql), tasks (graphql)'] });
  });

  it('does not warn about a nullable link field', async () => {
    expect((await check(NON_NULL.replace('[Task!]!', '[Task!]'))).lines).toEqual(['ok: 2 sources: people (graphql), tasks (graphql)']);
  });

  it('logs the warning when the gateway starts', async () => {
    project = await linkedProject(NON_NULL);
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
    const gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      logger: createLogger({ level: 'warn' }, destination),
    });
    await gateway.close();
    const logged = lines.map((line) => JSON.parse(line) as { level: number; file?: string; line?: number; msg: string });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 40, file: 'schemas/links.graphql', line: 3, msg: WARNING.replace('schemas/links.graphql:3: ', '') }),
    );
  });
});
