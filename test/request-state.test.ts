import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createLogger } from '../src/logger.js';
import { tempProject, type TempProject } from './helpers/fixtures.js';
import { ROOT, startTestGateway, type TestGateway } from './helpers/gateway.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';
import { captureLines } from './observability/support.js';
import { SECRET } from './helpers/security.js';

const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'greetings', version: '1' },
  paths: {
    '/greet/{name}': {
      get: {
        operationId: 'greet',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } } },
        },
      },
    },
  },
});

// Two aliases of one call: shared within a request, never across requests.
const ALICE = 'query Alice { a: greet(name: "1") { message } b: greet(name: "1") { message } }';
// The same first call as Alice's, and two more: three calls.
const BOB = 'query Bob { a: greet(name: "1") { message } b: greet(name: "2") { message } c: greet(name: "3") { message } }';
const CONCURRENT = ['concurrent-alice', 'concurrent-bob'];

let upstream: TestServer;
let project: TempProject;
let gateway: TestGateway;
const output = captureLines();
const tokenFor = (subject: string) =>
  new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));

beforeAll(async () => {
  // Holds the calls of the two concurrent requests until both requests have called: they run at the same time.
  const held: (() => void)[] = [];
  const seen = new Set<string>();
  upstream = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `hello ${req.headers['x-user']}` }));
    const id = String(req.headers['x-request-id']);
    if (!CONCURRENT.includes(id)) return answer();
    seen.add(id);
    held.push(answer);
    if (CONCURRENT.every((each) => seen.has(each))) held.splice(0).forEach((release) => release());
  });
  project = await tempProject({
    'sources/greetings/source.yaml': `kind: openapi\nendpoint: ${upstream.url}\nschema: openapi.json\nheaders:\n  claims: { x-user: sub }\n`,
    'sources/greetings/openapi.json': OPENAPI,
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    logger: createLogger({ level: 'info' }, output.stream),
    config: { auth: { jwtSecret: SECRET }, limits: { maxBatchSize: 4 } },
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), project?.remove()]);
});

const requestLine = (requestId: string) => output.records().filter((record) => record.requestId === requestId && record.msg === 'graphql request');
const callsOf = (requestId: string) => upstream.requests.filter((request) => request.headers['x-request-id'] === requestId);

describe('per-request state', () => {
  it('two requests running at the same time keep their own identity, request id, shared calls and call counts', async () => {
    const [alice, bob] = await Promise.all([
      gateway.query(ALICE, undefined, { authorization: `Bearer ${await tokenFor('alice')}`, 'x-request-id': 'concurrent-alice' }),
      gateway.query(BOB, undefined, { authorization: `Bearer ${await tokenFor('bob')}`, 'x-request-id': 'concurrent-bob' }),
    ]);
    expect(alice.body).toEqual({ data: { a: { message: 'hello alice' }, b: { message: 'hello alice' } } });
    expect(bob.body).toEqual({ data: { a: { message: 'hello bob' }, b: { message: 'hello bob' }, c: { message: 'hello bob' } } });

    // Each upstream call carries its own request's id and caller; Alice's two aliases made one call, Bob's first was his own.
    expect(callsOf('concurrent-alice').map((call) => [call.url, call.headers['x-user']])).toEqual([['/greet/1', 'alice']]);
    expect(
      callsOf('concurrent-bob')
        .map((call) => [call.url, call.headers['x-user']])
        .sort(),
    ).toEqual([
      ['/greet/1', 'bob'],
      ['/greet/2', 'bob'],
      ['/greet/3', 'bob'],
    ]);

    expect(requestLine('concurrent-alice')).toEqual([expect.objectContaining({ operationName: 'Alice', subject: 'alice', upstreamCalls: 1 })]);
    expect(requestLine('concurrent-bob')).toEqual([expect.objectContaining({ operationName: 'Bob', subject: 'bob', upstreamCalls: 3 })]);
    expect(await gateway.metric('plexus_upstream_calls_per_request_sum')).toBe(4);
    expect(await gateway.metric('plexus_upstream_calls_per_request_count')).toBe(2);
  });

  it('each operation of a batched request has its own calls and counts, under the request id and identity', async () => {
    const response = await fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('carol')}`, 'x-request-id': 'batch-1' },
      body: JSON.stringify([{ query: ALICE }, { query: ALICE }]),
    });
    expect(response.headers.get('x-request-id')).toBe('batch-1');
    const expected = { data: { a: { message: 'hello carol' }, b: { message: 'hello carol' } } };
    expect(await response.json()).toEqual([expected, expected]);
    // One call per operation: the two operations do not share their calls, as two requests would not.
    expect(callsOf('batch-1').map((call) => [call.url, call.headers['x-user']])).toEqual([
      ['/greet/1', 'carol'],
      ['/greet/1', 'carol'],
    ]);
    expect(requestLine('batch-1')).toEqual([expect.objectContaining({ operationName: 'Alice,Alice', subject: 'carol', upstreamCalls: 2 })]);
  });
});

// Module-level maps keyed by a request's context were how per-request state was kept before it had
// one typed home (src/request-state.ts). Maps owned by a plugin instance are not module-level.
const MODULE_LEVEL_MAP = /^(?:export\s+)?(?:const|let|var)\s+(\w+)\s*=\s*new\s+WeakMap\b/gm;
/** Names of the module-level maps of `text` that are read or written by a context or a request. */
function mapsByRequest(text: string): string[] {
  return [...text.matchAll(MODULE_LEVEL_MAP)]
    .map((match) => match[1]!)
    .filter((name) => new RegExp(`\\b${name}\\.(?:get|set|has)\\((?:context|request|ctx)\\b`).test(text));
}

describe('the source', () => {
  it('keeps no module-level map keyed by a request or its context', async () => {
    const src = join(ROOT, 'src');
    const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts'));
    const offenders: string[] = [];
    for (const file of files) offenders.push(...mapsByRequest(await readFile(join(src, file), 'utf8')).map((name) => `${file}: ${name}`));
    expect(offenders).toEqual([]);
    // The guard finds what it looks for.
    expect(mapsByRequest('const statsByContext = new WeakMap<object, RequestStats>();\nstatsByContext.get(context);')).toEqual(['statsByContext']);
  });
});
