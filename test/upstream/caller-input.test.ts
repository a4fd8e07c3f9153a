import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { callsProject, startCallService, type CallLog } from '../sources/grpc/support/calls.js';
import type { TestGrpcServer } from '../sources/grpc/support/grpc-server.js';
import { SECRET, startRecordingUpstream, token, type RecordingUpstream } from '../helpers/security.js';
import { upstreamHeaders } from '../../src/upstream/headers.js';

// A breaker that would open after four failed calls: none of the requests below may move it.
const TOUCHY_BREAKER = 'circuitBreaker: { minimumRequests: 4, failureRatio: 0.5 }\nretry: { attempts: 2, backoff: 1ms }\n';

const ITEMS_OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'items', version: '1' },
  paths: {
    '/items/{name}': {
      get: {
        operationId: 'item',
        parameters: [
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'filter', in: 'query', schema: { type: 'string' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } } },
      },
    },
  },
});

/** Asserts the request was refused as the caller's error, naming what was wrong, with the field null. */
function expectRefused(body: any, field: string, names: string): void {
  expect(body.data).toEqual({ [field]: null });
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(body.errors[0].message).toContain(names);
}

describe("a value that cannot be encoded into a REST call is the caller's error", () => {
  let rest: TestServer;
  let project: TempProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    rest = await startHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: decodeURIComponent((req.url ?? '').split('/').pop()!.split('?')[0]!) }));
    });
    project = await tempProject({
      'sources/items/source.yaml': `kind: openapi\nendpoint: ${rest.url}\nschema: openapi.json\n${TOUCHY_BREAKER}`,
      'sources/items/openapi.json': ITEMS_OPENAPI,
    });
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([rest?.close(), project?.remove()]);
  });

  it.each([
    ['an emoji in a header argument', { name: 'a', xTrace: 'trace-😀' }, 'Argument "xTrace"'],
    ['U+0001 in a header argument', { name: 'a', xTrace: 'a\u0001b' }, 'Argument "xTrace"'],
    ['U+007F in a header argument', { name: 'a', xTrace: 'a\u007fb' }, 'Argument "xTrace"'],
    ['a line break in a header argument', { name: 'a', xTrace: 'a\r\nx-admin: 1' }, 'Argument "xTrace"'],
    ['a lone surrogate in a path argument', { name: 'a\ud800b' }, 'Argument "name"'],
    ['a lone surrogate in a query argument', { name: 'a', filter: '\udc00' }, 'Argument "filter"'],
  ])('%s: BAD_USER_INPUT before any call, never retried, counted or held against the service', async (_case, variables, names) => {
    const calls = rest.requests.length;
    for (let attempt = 0; attempt < 6; attempt++) {
      const { status, body } = await gateway.query(
        'query ($name: String!, $filter: String, $xTrace: String) { item(name: $name, filter: $filter, xTrace: $xTrace) { name } }',
        variables,
      );
      expect(status).toBe(200);
      expectRefused(body, 'item', names);
    }
    expect(rest.requests.length).toBe(calls);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'items' })).toBe(0);
    expect(await gateway.metric('plexus_upstream_retries_total', { source: 'items' })).toBe(0);
    expect(await gateway.metric('plexus_circuit_breaker_state', { source: 'items' })).toBe(0);
  });

  it('still serves every other caller, and the source stays ready', async () => {
    const { body } = await gateway.query('{ item(name: "ok", xTrace: "plain ascii, tabs\tand latin-1 é") { name } }');
    expect(body).toEqual({ data: { item: { name: 'ok' } } });
    expect(rest.requests.at(-1)!.headers['x-trace']).toBe(Buffer.from('plain ascii, tabs\tand latin-1 é', 'latin1').toString('latin1'));
    const ready = await fetch(`http://127.0.0.1:${gateway.server.port}/readyz`);
    expect(ready.status).toBe(200);
  });
});

describe("a claim that cannot be sent as a header is the caller's error", () => {
  let upstream: RecordingUpstream;
  let project: TempProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    const sdl = 'type Query { echo(value: String!): String }\n';
    upstream = await startRecordingUpstream(sdl, { Query: { echo: (_: unknown, { value }: { value: string }) => value } });
    project = await tempProject({
      'sources/api/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\nheaders:\n  claims: { x-user-id: sub }\n${TOUCHY_BREAKER}`,
      'sources/api/schema.graphql': sdl,
    });
    gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { auth: { jwtSecret: SECRET } },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([upstream?.close(), project?.remove()]);
  });

  it.each([
    ['an emoji', 'user-😀'],
    ['U+0001', 'user\u0001'],
    ['a line break that would add a header', 'mallory\r\nx-admin: true'],
  ])('%s in `sub`: BAD_USER_INPUT naming the claim and the header, no call, the breaker untouched', async (_case, sub) => {
    const jwt = await token({ sub }, 'secret');
    const calls = upstream.headers.length;
    for (let attempt = 0; attempt < 6; attempt++) {
      const { body } = await gateway.query('{ echo(value: "x") }', undefined, { authorization: `Bearer ${jwt}` });
      expectRefused(body, 'echo', 'Claim "sub" of the token cannot be sent as header "x-user-id"');
      expect(body.errors[0].extensions.header).toBe('x-user-id');
    }
    expect(upstream.headers.length).toBe(calls);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'api' })).toBe(0);
    expect(await gateway.metric('plexus_circuit_breaker_state', { source: 'api' })).toBe(0);
  });

  it('sends a claim that is a valid header value', async () => {
    const jwt = await token({ sub: 'user-42' }, 'secret');
    const { body } = await gateway.query('{ echo(value: "x") }', undefined, { authorization: `Bearer ${jwt}` });
    expect(body).toEqual({ data: { echo: 'x' } });
    expect(upstream.headers.at(-1)!['x-user-id']).toBe('user-42');
  });
});

describe("a forwarded header that gRPC metadata cannot carry is the caller's error", () => {
  let server: TestGrpcServer & { log: CallLog };
  let project: TempProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    server = await startCallService();
    project = await callsProject(`kind: grpc\nendpoint: \${CALLS_URL}\nschema: calls.proto\nheaders:\n  forward: [x-tenant]\n${TOUCHY_BREAKER}`);
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: { CALLS_URL: server.url } });
  });

  afterAll(async () => {
    await gateway?.close();
    await server?.close();
    await project?.remove();
  });

  /** fetch refuses header bytes beyond ASCII; node:http sends Latin-1 as HTTP allows. */
  function postWithHeader(value: string): Promise<any> {
    const body = JSON.stringify({ query: '{ getReply { metadata { key value } } }' });
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: gateway.server.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': value } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('Latin-1 in a forwarded header: BAD_USER_INPUT naming the header, no call, the breaker untouched', async () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const body = await postWithHeader('caf\u00e9');
      expectRefused(body, 'getReply', 'Request header "x-tenant"');
    }
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'calls' })).toBe(0);
    expect(await gateway.metric('plexus_circuit_breaker_state', { source: 'calls' })).toBe(0);
    const body = await postWithHeader('acme');
    expect(body.data.getReply.metadata).toContainEqual({ key: 'x-tenant', value: 'acme' });
  });
});

describe('connection headers', () => {
  it('are never forwarded, whatever the policy says (a policy built in code skips the config check)', () => {
    const client: Record<string, string> = { host: 'evil.example', connection: 'upgrade', 'content-length': '0', 'accept-encoding': 'br', 'x-tenant': 'acme' };
    const headers = upstreamHeaders({ forward: [...Object.keys(client)], set: {} }, { get: (name) => client[name] ?? null });
    expect(headers).toEqual({ 'x-tenant': 'acme' });
  });
});
