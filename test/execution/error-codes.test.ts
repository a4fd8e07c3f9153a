import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExecutorPair, type ExecutorPair } from '../helpers/differential.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';
import type { TestGrpcServer } from '../sources/grpc/support/grpc-server.js';
import { kitchenProject, startKitchen } from '../sources/grpc/support/kitchen.js';
import { subscribe } from '../sources/grpc/support/sse.js';

const SDL = `type Query { item(id: ID!): Item, items(limit: Int): [Item!]!, node: Node, broken: Item }
type Item { id: ID!, name: String! }
type Node { next: Node, value: Int }
type Mutation { touch(id: ID!): Item }
`;
const TRUSTED = { 'sha256:known': '{ items { id } }' };
const GRAPHQL_RESPONSE = 'application/graphql-response+json, application/json;q=0.9';

interface BadRequest {
  name: string;
  path?: string;
  init: RequestInit;
  status: number;
  codes: string[];
}

const post = (body: unknown, accept = GRAPHQL_RESPONSE): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const get = (query: string) => ({ path: `/graphql?query=${encodeURIComponent(query)}`, init: { headers: { accept: GRAPHQL_RESPONSE, 'x-plexus-csrf': '1' } } });
const multipart = (fields: Record<string, string>): RequestInit => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return { method: 'POST', headers: { accept: GRAPHQL_RESPONSE, 'x-plexus-csrf': '1' }, body: form };
};

const MISSING_VARIABLE = { query: 'query ($id: ID!) { item(id: $id) { id } }' };
const BAD_REQUESTS: BadRequest[] = [
  { name: 'missing variable', init: post(MISSING_VARIABLE), status: 400, codes: ['BAD_USER_INPUT'] },
  { name: 'missing variable, application/json only', init: post(MISSING_VARIABLE, 'application/json'), status: 400, codes: ['BAD_USER_INPUT'] },
  {
    name: 'variable of the wrong type',
    init: post({ query: 'query ($l: Int) { items(limit: $l) { id } }', variables: { l: 'many' } }),
    status: 400,
    codes: ['BAD_USER_INPUT'],
  },
  { name: 'null for a required variable', init: post({ ...MISSING_VARIABLE, variables: { id: null } }), status: 400, codes: ['BAD_USER_INPUT'] },
  { name: 'parse error', init: post({ query: '{ items { id ' }), status: 400, codes: ['GRAPHQL_PARSE_FAILED'] },
  { name: 'unknown field', init: post({ query: '{ nope }' }), status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] },
  {
    name: 'unknown operation name',
    init: post({ query: 'query A { items { id } }', operationName: 'B' }),
    status: 400,
    codes: ['OPERATION_RESOLUTION_FAILURE'],
  },
  { name: 'too deep', init: post({ query: '{ node { next { next { next { next { value } } } } } }' }), status: 400, codes: ['QUERY_TOO_COMPLEX'] },
  {
    name: 'unknown APQ hash',
    init: post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    status: 404,
    codes: ['PERSISTED_QUERY_NOT_FOUND'],
  },
  { name: 'unknown document id', init: post({ documentId: 'sha256:unknown' }), status: 404, codes: ['PERSISTED_QUERY_NOT_FOUND'] },
  { name: 'body that is not JSON', init: post('{"query":'), status: 400, codes: ['BAD_REQUEST'] },
  { name: 'no query (nor document id)', init: post({}), status: 400, codes: ['BAD_USER_INPUT'] },
  { name: 'variables that are not an object', init: post({ query: '{ items { id } }', variables: 3 }), status: 400, codes: ['BAD_REQUEST'] },
  { name: 'batch (batching off)', init: post([{ query: '{ items { id } }' }]), status: 400, codes: ['BAD_REQUEST'] },
  {
    name: 'wrong content type',
    init: { method: 'POST', headers: { 'content-type': 'application/xml', accept: GRAPHQL_RESPONSE }, body: '<query/>' },
    status: 415,
    codes: ['BAD_REQUEST'],
  },
  {
    name: 'cross-site form post',
    init: { method: 'POST', headers: { 'content-type': 'text/plain', accept: GRAPHQL_RESPONSE }, body: '{"query":"{ items { id } }"}' },
    status: 403,
    codes: ['FORBIDDEN'],
  },
  { name: 'mutation over GET', ...get('mutation { touch(id: "1") { id } }'), status: 405, codes: ['BAD_REQUEST'] },
  { name: 'PUT', init: { ...post({ query: '{ items { id } }' }), method: 'PUT' }, status: 405, codes: ['BAD_REQUEST'] },
  { name: 'upload without operations', init: multipart({ map: '{}' }), status: 400, codes: ['BAD_REQUEST'] },
  { name: "a source's own error, passed on with its code", init: post({ query: '{ broken { id name } }' }), status: 200, codes: ['INTERNAL_SERVER_ERROR'] },
  { name: 'a source that does not answer', init: post({ query: '{ gone }' }), status: 200, codes: ['UPSTREAM_ERROR'] },
];

let server: TestServer;
let project: TempProject;
let pair: ExecutorPair;

beforeAll(async () => {
  server = await startGraphQLServer({
    typeDefs: SDL,
    resolvers: {
      Query: { items: () => [{ id: '1', name: 'one' }], broken: () => ({ id: '1', name: null }) },
      Mutation: { touch: (_: unknown, { id }: { id: string }) => ({ id, name: 'touched' }) },
    },
  });
  project = await tempProject({
    'sources/shop/source.yaml': `kind: graphql\nendpoint: ${server.url}\nschema: schema.graphql\n`,
    'sources/shop/schema.graphql': SDL,
    // Port 9 (discard) has no listener: every call to this source fails.
    'sources/gone/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
    'sources/gone/schema.graphql': 'type Query { gone: String }\n',
    'trusted.json': JSON.stringify(TRUSTED),
  });
  pair = await startExecutorPair({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    config: { limits: { maxDepth: 3 }, persistedDocuments: { trusted: { manifest: 'trusted.json', allowArbitrary: true } } },
  });
});

afterAll(async () => {
  await pair?.close();
  await server?.close();
  await project?.remove();
});

interface Answer {
  status: number;
  type: string | null;
  body: string;
}

/**
 * An answer with the locations of errors a source raised left out: stitching drops them, the
 * planner keeps the client's field locations, as the specification asks of field errors.
 */
function comparable(answer: Answer): Answer {
  if (!answer.type?.includes('json')) return answer;
  const body = JSON.parse(answer.body) as { errors?: Array<{ locations?: unknown; extensions?: { source?: unknown } }> };
  for (const error of body.errors ?? []) if (error.extensions?.source !== undefined) delete error.locations;
  return { ...answer, body: JSON.stringify(body) };
}

async function send(base: string, request: BadRequest): Promise<Answer> {
  const response = await fetch(`${base}${request.path ?? '/graphql'}`, request.init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('errors are the same with planned and standard execution, and each has a code', () => {
  it.each(BAD_REQUESTS.map((request) => [request.name, request] as const))('%s', async (_name, request) => {
    const planned = await send(pair.planned.server.url, request);
    const standard = await send(pair.standard.server.url, request);
    expect(comparable(planned)).toEqual(comparable(standard));
    expect(standard.status).toBe(request.status);
    const accept = new Headers(request.init.headers).get('accept');
    expect(standard.type).toBe(accept === 'application/json' ? 'application/json; charset=utf-8' : 'application/graphql-response+json; charset=utf-8');
    const errors: { extensions?: { code?: unknown } }[] = JSON.parse(standard.body).errors;
    expect(errors.map((error) => error.extensions?.code)).toEqual(request.codes);
  });

  it('gives variable errors their locations, as graphql-js does', async () => {
    const { body } = await send(pair.planned.server.url, BAD_REQUESTS[0]!);
    expect(JSON.parse(body).errors[0]).toEqual({
      message: 'Variable "$id" of required type "ID!" was not provided.',
      locations: [{ line: 1, column: 8 }],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('codes the errors sent over server-sent events', async () => {
    const init = post(MISSING_VARIABLE, 'text/event-stream');
    const request = { name: 'over SSE', init, status: 200, codes: [] };
    const planned = await send(pair.planned.server.url, request);
    const standard = await send(pair.standard.server.url, request);
    expect(planned).toEqual(standard);
    expect(standard.type).toBe('text/event-stream');
    const events = standard.body.split('\n').filter((line) => line.startsWith('data: {'));
    const errors = events.flatMap((event) => JSON.parse(event.slice('data: '.length)).errors ?? []);
    expect(errors.map((error: { extensions?: { code?: unknown } }) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('subscriptions over SSE', () => {
  let kitchen: TestGrpcServer;
  let kitchenFolder: TempProject;
  let onKitchen: ExecutorPair;

  beforeAll(async () => {
    kitchen = await startKitchen();
    kitchenFolder = await kitchenProject('kitchen', `kind: grpc\nendpoint: ${kitchen.url}\nschema: kitchen.proto\n`);
    onKitchen = await startExecutorPair({ sourcesDir: kitchenFolder.sourcesDir, cwd: kitchenFolder.dir });
  });

  afterAll(async () => {
    await onKitchen?.close();
    await kitchen?.close();
    await kitchenFolder?.remove();
  });

  it('refuse a missing variable with BAD_USER_INPUT, with either executor', async () => {
    const query = 'subscription ($count: Int!) { tail(count: $count) { i32 } }';
    const [planned, standard] = [
      await subscribe(`${onKitchen.planned.server.url}/graphql`, query),
      await subscribe(`${onKitchen.standard.server.url}/graphql`, query),
    ];
    expect(planned).toEqual(standard);
    const errors = standard.flatMap((event) => event.data?.errors ?? []);
    expect(errors.map((error: { extensions?: { code?: unknown } }) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
