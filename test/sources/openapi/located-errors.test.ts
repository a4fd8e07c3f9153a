import { afterEach, describe, expect, it } from 'vitest';
import { watchProject, type ProjectWatcher } from '../../../src/server/watch-project.js';
import { runCli } from '../../helpers/cli.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { capturedLogger, waitFor } from '../../helpers/operations.js';

let project: TempProject | undefined;
let gateway: TestGateway | undefined;
let watcher: ProjectWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  await gateway?.close();
  await project?.remove();
  project = gateway = watcher = undefined;
});

const SOURCE_YAML = (schema: string) => `kind: openapi\nendpoint: http://127.0.0.1:1\nschema: ${schema}\n`;

/** An OpenAPI document whose operation `x` answers the schema at `$ref` on line 13, and `y` on line 21. */
const DOCUMENT = (first: string, second: string) =>
  [
    'openapi: 3.0.3',
    'info: { title: users, version: "1" }',
    'paths:',
    '  /x:',
    '    get:',
    '      operationId: x',
    '      responses:',
    '        "200":',
    '          description: ok',
    '          content:',
    '            application/json:',
    '              schema:',
    `                $ref: "${first}"`,
    '  /y:',
    '    get:',
    '      operationId: y',
    '      responses:',
    '        "200":',
    '          description: ok',
    '          content:',
    `            application/json: { schema: { $ref: "${second}" } }`,
    'components:',
    '  schemas:',
    '    User: { type: object, properties: { id: { type: string } } }',
    '',
  ].join('\n');

describe('an unresolvable $ref is reported at its file and line', () => {
  it('by plexus check: a pointer inside the document and a file that is not there, each at its own line', async () => {
    project = await tempProject({
      'sources/users/source.yaml': SOURCE_YAML('openapi.yaml'),
      'sources/users/openapi.yaml': DOCUMENT('#/components/schemas/Users', './other.yaml#/X'),
    });
    const result = await runCli(['check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'sources/users/openapi.yaml:13: $ref "#/components/schemas/Users" does not resolve; did you mean "#/components/schemas/User"?',
    );
    expect(result.stderr).toContain('sources/users/openapi.yaml:21: $ref "./other.yaml#/X" does not resolve: no such file sources/users/other.yaml');
  });

  it('by plexus check: in a JSON document, and in a file the document refers to', async () => {
    const json = JSON.stringify(
      {
        openapi: '3.0.3',
        info: { title: 'users', version: '1' },
        paths: {
          '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: 'user.yaml' } } } } } } },
        },
      },
      null,
      2,
    );
    project = await tempProject({
      'sources/users/source.yaml': SOURCE_YAML('openapi.json'),
      'sources/users/openapi.json': json,
      'sources/users/user.yaml': 'type: object\nproperties:\n  id: { type: string }\n  team: { $ref: "#/definitions/Team" }\n',
    });
    const result = await runCli(['check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sources/users/user.yaml:4: $ref "#/definitions/Team" does not resolve');
  });

  it('by plexus start, which refuses to start with the same message', async () => {
    project = await tempProject({
      'sources/users/source.yaml': SOURCE_YAML('openapi.yaml'),
      'sources/users/openapi.yaml': DOCUMENT('#/components/schemas/User', '#/components/schemas/Missing'),
    });
    const result = await runCli(['start', '--port', '0'], project.dir);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('sources/users/openapi.yaml:21: $ref "#/components/schemas/Missing" does not resolve');
  });
});

describe('during hot reload', () => {
  it('an unresolvable $ref is logged at its file and line while the last good schema keeps serving', async () => {
    project = await tempProject({
      'sources/users/source.yaml': SOURCE_YAML('openapi.yaml'),
      'sources/users/openapi.yaml': DOCUMENT('#/components/schemas/User', '#/components/schemas/User'),
    });
    const log = capturedLogger();
    const started = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, env: {}, logger: log.logger });
    gateway = started;
    watcher = watchProject({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      debounceMs: 50,
      logger: log.logger,
      onChange: () => void started.gateway.reload(),
    });
    await watcher.ready;

    await project.write({ 'sources/users/openapi.yaml': DOCUMENT('#/components/schemas/User', '#/components/schemas/Missing') });
    const records = await waitFor(log.records, (all) => all.some((record) => record['level'] === 50 && record['file'] === 'sources/users/openapi.yaml'));
    expect(records.find((record) => record['file'] === 'sources/users/openapi.yaml')).toMatchObject({
      line: 21,
      msg: 'sources/users/openapi.yaml:21: $ref "#/components/schemas/Missing" does not resolve',
    });
    expect((await started.query('{ __type(name: "User") { name } }')).body).toEqual({ data: { __type: { name: 'User' } } });
  });
});

describe('a schema file of another kind under kind: openapi says what it looks like', () => {
  it.each([
    [
      'a .proto file',
      'orders.proto',
      'syntax = "proto3";\npackage orders;\nservice Orders {\n  rpc GetOrder(GetOrderRequest) returns (Order);\n}\n',
      'looks like a .proto file; kind is openapi, which reads an OpenAPI or Swagger document (set kind: grpc in source.yaml)',
    ],
    [
      'GraphQL SDL',
      'schema.graphql',
      'type Query {\n  user(id: ID!): User\n}\n\ntype User { id: ID! }\n',
      'looks like a GraphQL schema (SDL); kind is openapi, which reads an OpenAPI or Swagger document (set kind: graphql in source.yaml)',
    ],
  ])('%s', async (_case, file, text, message) => {
    project = await tempProject({ 'sources/users/source.yaml': SOURCE_YAML(file), [`sources/users/${file}`]: text });
    const result = await runCli(['check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`sources/users/${file}: ${message}`);
  });
});
