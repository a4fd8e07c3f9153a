import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinKinds } from '../../src/sources/kinds.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { SECRET, startRecordingUpstream, token, type RecordingUpstream } from '../helpers/security.js';

const SDL = 'type Query { echo(value: String!): String }\n';

let upstream: RecordingUpstream;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startRecordingUpstream(SDL, { Query: { echo: (_: unknown, { value }: { value: string }) => value } });
  project = await tempProject({
    'sources/api/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\nheaders:\n  forward: [x-request-id]\n  claims: { x-user-id: sub, x-tenant: tenant }\n`,
    'sources/api/schema.graphql': SDL,
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    config: { auth: { jwtSecret: SECRET } },
  });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([upstream.close(), project.remove()]);
});

describe('hostile values on the way to a source', () => {
  it("never turns a claim holding CRLF into extra headers: the call is refused as the caller's error", async () => {
    const jwt = await token({ sub: 'mallory\r\nx-admin: true', tenant: 'acme' }, 'secret');
    const before = upstream.headers.length;
    const { body } = await gateway.query('{ echo(value: "ok") }', undefined, { authorization: `Bearer ${jwt}` });
    expect(body).toMatchObject({ data: { echo: null }, errors: [{ extensions: { code: 'BAD_USER_INPUT', header: 'x-user-id' } }] });
    expect(upstream.headers.length).toBe(before);
  });

  it('passes a path-like claim verbatim as a header value, never resolved', async () => {
    const jwt = await token({ sub: 'mallory', tenant: '../../etc/passwd' }, 'secret');
    const before = upstream.headers.length;
    const { body } = await gateway.query('{ echo(value: "ok") }', undefined, { authorization: `Bearer ${jwt}` });
    expect(body).toEqual({ data: { echo: 'ok' } });
    const received = upstream.headers.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!['x-user-id']).toBe('mallory');
    expect(received[0]!['x-tenant']).toBe('../../etc/passwd');
  });

  it('passes arguments with ../ and CRLF to a GraphQL source as data, unchanged', async () => {
    const value = '../../admin\r\nHost: evil.example';
    const { body } = await gateway.query('query ($value: String!) { echo(value: $value) }', { value });
    expect(body).toEqual({ data: { echo: value } });
  });
});

const FILES_OPENAPI = `openapi: 3.0.3
info: { title: Files, version: 1.0.0 }
paths:
  /files/{name}:
    get:
      operationId: file
      parameters:
        - { name: name, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { name: { type: string } } }
`;

// Runs once the OpenAPI kind is registered; until then it shows as skipped.
describe.skipIf(!('openapi' in builtinKinds))('hostile values on the way to a REST source', () => {
  let rest: TestServer;
  let restProject: TempProject;
  let restGateway: TestGateway;

  beforeAll(async () => {
    rest = await startHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: decodeURIComponent((req.url ?? '').split('/').pop() ?? '') }));
    });
    restProject = await tempProject({
      'sources/files/source.yaml': `kind: openapi\nendpoint: ${rest.url}\nschema: openapi.yaml\nheaders:\n  claims: { x-user-id: sub }\n`,
      'sources/files/openapi.yaml': FILES_OPENAPI,
    });
    restGateway = await startTestGateway({
      sourcesDir: restProject.sourcesDir,
      schemasDir: restProject.schemasDir,
      cwd: restProject.dir,
      config: { auth: { jwtSecret: SECRET } },
    });
  });

  afterAll(async () => {
    await restGateway?.close();
    await Promise.all([rest?.close(), restProject?.remove()]);
  });

  it('keeps ../ and CRLF in a path parameter percent-encoded', async () => {
    const name = '../../admin\r\nX-Injected: yes';
    const jwt = await token({ sub: 'mallory' }, 'secret');
    const { body } = await restGateway.query('query ($name: String!) { file(name: $name) { name } }', { name }, { authorization: `Bearer ${jwt}` });
    expect(body).toEqual({ data: { file: { name } } });
    expect(rest.requests).toHaveLength(1);
    const [request] = rest.requests;
    expect(request!.url).toBe('/files/..%2F..%2Fadmin%0D%0AX-Injected%3A%20yes');
    expect(request!.headers['x-injected']).toBeUndefined();
    expect(request!.headers['x-user-id']).toBe('mallory');
  });
});
