import { afterEach, describe, expect, it } from 'vitest';
import { captureLog } from '../helpers/log-capture.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { callsProject, startCallService } from '../sources/grpc/support/calls.js';

const INTERNALS = 'internal detail: db password=hunter2 at /srv/app.js:12';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function gatewayOver(project: TempProject, env: Record<string, string> = {}) {
  const { logger, lines } = captureLog();
  const gateway: TestGateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env, logger });
  cleanup.push(() => gateway.close());
  return { gateway, lines };
}

async function server(handler: Parameters<typeof startHttpServer>[0]): Promise<TestServer> {
  const started = await startHttpServer(handler);
  cleanup.push(() => started.close());
  return started;
}

async function project(files: Record<string, string>): Promise<TempProject> {
  const made = await tempProject(files);
  cleanup.push(() => made.remove());
  return made;
}

const THING_OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'things', version: '1' },
  paths: {
    '/thing': {
      get: {
        operationId: 'thing',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } } },
      },
    },
  },
});

describe('what a REST service says in a failed answer', () => {
  async function rest(status: number, extra = '') {
    const upstream = await server((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(INTERNALS));
    const folder = await project({
      'sources/api/source.yaml': `kind: openapi\nendpoint: ${upstream.url}\nschema: openapi.json\n${extra}`,
      'sources/api/openapi.json': THING_OPENAPI,
    });
    return gatewayOver(folder);
  }

  it.each([500, 404, 400])('HTTP %i: the client sees the source, the status and a fixed message; the log has the text under the request id', async (status) => {
    const { gateway, lines } = await rest(status);
    const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `req-${status}` },
      body: JSON.stringify({ query: '{ thing { name } }' }),
    });
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('/srv/app.js');
    expect(JSON.parse(text)).toEqual({
      data: { thing: null },
      errors: [
        {
          message: `Source "api" answered HTTP ${status}`,
          locations: [{ line: 1, column: 3 }],
          path: ['thing'],
          extensions: { code: 'UPSTREAM_ERROR', source: 'api', status },
        },
      ],
    });
    const logged = lines.find((line) => line['upstreamMessage'] === INTERNALS);
    expect(logged).toMatchObject({ requestId: `req-${status}`, source: 'api', upstreamStatus: `HTTP ${status}`, level: status >= 500 ? 40 : 30 });
  });

  it("exposeErrors: true shows the service's text to clients (for trusted internal services)", async () => {
    const { gateway } = await rest(500, 'exposeErrors: true\n');
    const { body } = await gateway.query('{ thing { name } }');
    expect(body.errors[0].message).toBe(`Source "api" answered HTTP 500: ${INTERNALS}`);
  });
});

describe('what a GraphQL service says', () => {
  const SDL = 'type Query { product(id: ID!): String }\n';
  async function graphql(answer: { status: number; body: unknown }, extra = '') {
    const upstream = await server((_req, res) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body)));
    const folder = await project({
      'sources/shop/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\nretry: { enabled: false }\n${extra}`,
      'sources/shop/schema.graphql': SDL,
    });
    return gatewayOver(folder);
  }
  const failed = { status: 500, body: { errors: [{ message: INTERNALS }] } };
  const answered = {
    status: 200,
    body: {
      data: { product: null },
      errors: [{ message: 'no product 7', path: ['product'], extensions: { code: 'NOT_FOUND', stacktrace: ['at /srv/app.js:12'] } }],
    },
  };

  it('the errors of a failed answer (HTTP 500) are internals: a fixed message, the text in the log', async () => {
    const { gateway, lines } = await graphql(failed);
    const { body } = await gateway.query('{ product(id: "7") }');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.errors[0]).toMatchObject({ message: 'Source "shop" answered HTTP 500', extensions: { code: 'UPSTREAM_ERROR', source: 'shop', status: 500 } });
    expect(lines.some((line) => line['upstreamMessage'] === INTERNALS)).toBe(true);
  });

  it('an error in a successful answer keeps its message, path and code; other extensions stay out unless exposed', async () => {
    const hidden = await graphql(answered);
    const { body } = await hidden.gateway.query('{ product(id: "7") }');
    expect(body).toEqual({
      data: { product: null },
      errors: [expect.objectContaining({ message: 'no product 7', path: ['product'], extensions: { code: 'NOT_FOUND', source: 'shop' } })],
    });
    const exposed = await graphql(answered, 'exposeErrors: true\n');
    const shown = await exposed.gateway.query('{ product(id: "7") }');
    expect(shown.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', source: 'shop', stacktrace: ['at /srv/app.js:12'] });
  });
});

describe('what a gRPC service says', () => {
  it.each([
    [13, 'INTERNAL', 'UPSTREAM_ERROR', 'Source "calls" failed (INTERNAL)'],
    [5, 'NOT_FOUND', 'UPSTREAM_ERROR', 'Source "calls" answered NOT_FOUND'],
  ])('status %i: a fixed message naming the status; the details in the log', async (code, grpcStatus, graphqlCode, message) => {
    const service = await startCallService();
    cleanup.push(() => service.close());
    const folder = await callsProject(`kind: grpc\nendpoint: ${service.url}\nschema: calls.proto\nretry: { enabled: false }\n`);
    cleanup.push(() => folder.remove());
    const { gateway, lines } = await gatewayOver(folder);
    const { body } = await gateway.query('query ($code: Int, $said: String) { getReply(code: $code, message: $said) { deadlineMs } }', {
      code,
      said: INTERNALS,
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.errors[0]).toMatchObject({ message, extensions: { code: graphqlCode, source: 'calls', grpcStatus } });
    expect(lines.find((line) => line['upstreamMessage'] === INTERNALS)).toMatchObject({ source: 'calls', upstreamStatus: grpcStatus });
  });
});
