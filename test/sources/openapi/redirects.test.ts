import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffline } from '../../../src/compose/build.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import type { TestServer } from '../../helpers/servers.js';
import { document, json, loadOpenapi, startRestService, type SeenRequest } from './support.js';

const order = { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'integer', format: 'int32' } } };
const ok = { '200': { description: 'ok', content: { 'application/json': { schema: order } } } };
// As GitHub's tarball and log downloads: the only success is a 302 to a signed URL.
const found = { '302': { description: 'Found', headers: { Location: { schema: { type: 'string' } } } }, '404': { description: 'missing' } };
const orderBody = { requestBody: { content: { 'application/json': { schema: order } } } };

const OPENAPI = document({
  '/repos/{owner}/{repo}/tarball/{ref}': {
    get: {
      operationId: 'repos/download-tarball-archive',
      parameters: ['owner', 'repo', 'ref'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      responses: found,
    },
  },
  '/logs': { get: { operationId: 'logs', responses: found } },
  '/old': { get: { operationId: 'moved', responses: ok } },
  '/away': { get: { operationId: 'away', responses: ok } },
  '/alias': { get: { operationId: 'alias', responses: ok } },
  '/loop': { get: { operationId: 'loop', responses: ok } },
  '/orders': { post: { operationId: 'placeOrder', ...orderBody, responses: ok } },
  '/payments': { post: { operationId: 'pay', ...orderBody, responses: ok } },
  '/legacy': { post: { operationId: 'legacy', ...orderBody, responses: ok } },
});

let shop: TestServer;
let seen: SeenRequest[];
let elsewhere: TestServer;
let elsewhereSeen: SeenRequest[];
let project: TempProject;
let gateway: TestGateway;

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location }).end();
}

beforeAll(async () => {
  ({ upstream: elsewhere, seen: elsewhereSeen } = await startRestService((_request, res) => json(res, 200, { id: 'stolen' })));
  ({ upstream: shop, seen } = await startRestService((request, res) => {
    const { method, url } = request;
    if (url === '/api/repos/o/r/tarball/main') redirect(res, 302, `${elsewhere.url}/signed/r.tar.gz?token=t`);
    else if (url === '/api/logs') redirect(res, 302, 'files/log.txt');
    else if (url === '/api/old') redirect(res, 301, '/api/v2/order');
    else if (url === '/api/away') redirect(res, 302, `${elsewhere.url}/api/v2/order`);
    else if (url === '/api/alias') redirect(res, 302, shop.url.replace('127.0.0.1', 'localhost') + '/api/v2/order');
    else if (url === '/api/loop') redirect(res, 302, '/api/loop');
    else if (url === '/api/orders' && method === 'POST') redirect(res, 303, '/api/orders/7');
    else if (url === '/api/payments' && method === 'POST') redirect(res, 307, '/api/v2/payments');
    else if (url === '/api/legacy' && method === 'POST') redirect(res, 302, '/api/orders/7');
    else if (url === '/api/v2/payments') json(res, 200, request.body.length > 0 ? JSON.parse(request.body.toString()) : {});
    else json(res, 200, { id: url.split('/').pop(), amount: 1 });
  }));
  project = await tempProject({
    'sources/api/source.yaml': `kind: openapi\nendpoint: ${shop.url}/api\nschema: openapi.json\n`,
    'sources/api/openapi.json': OPENAPI,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([shop?.close(), elsewhere?.close(), project?.remove()]);
});

const calls = () => gateway.metric('plexus_upstream_requests_total', { source: 'api' });
const requests = () => seen.splice(0).map((request) => `${request.method} ${request.url}${request.body.length > 0 ? ` ${request.body.toString()}` : ''}`);
const failure = (path: string, message: string, status: number) =>
  expect.objectContaining({ path: [path], message, extensions: { code: 'UPSTREAM_ERROR', source: 'api', status } });

describe('an operation whose only success is a redirect', () => {
  it('returns where it leads, for the client to follow; the gateway calls no other host', async () => {
    const { body } = await gateway.query('{ reposDownloadTarballArchive(owner: "o", repo: "r", ref: "main") { location status } logs { location status } }');
    expect(body).toEqual({
      data: {
        reposDownloadTarballArchive: { location: `${elsewhere.url}/signed/r.tar.gz?token=t`, status: 302 },
        // A relative Location, read against the request's URL.
        logs: { location: `${shop.url}/api/files/log.txt`, status: 302 },
      },
    });
    expect(requests().sort()).toEqual(['GET /api/logs', 'GET /api/repos/o/r/tarball/main']);
    expect(elsewhereSeen).toEqual([]);
  });

  it('is typed Redirect, one type every source shares; a component named Redirect keeps its name', async () => {
    const { sdl } = await loadOpenapi({ 'openapi.json': OPENAPI });
    expect(sdl).toMatch(/reposDownloadTarballArchive\(owner: String!, repo: String!, ref: String!\): Redirect\n/);
    const named = await loadOpenapi({
      'openapi.json': document(
        { '/logs': { get: { operationId: 'logs', responses: found } } },
        { Redirect: { type: 'object', properties: { to: { type: 'string' } } } },
      ),
    });
    expect(named.sdl).toMatch(/logs: Redirect2\n/);

    const two = await tempProject({
      'sources/github/source.yaml': 'kind: openapi\nendpoint: http://127.0.0.1:9\nschema: openapi.json\n',
      'sources/github/openapi.json': document({ '/tarball': { get: { operationId: 'tarball', responses: found } } }),
      'sources/bitbucket/source.yaml': 'kind: openapi\nendpoint: http://127.0.0.1:9\nschema: openapi.json\n',
      'sources/bitbucket/openapi.json': document({ '/diff': { get: { operationId: 'diff', responses: found } } }),
    });
    try {
      const built = await buildOffline({ sourcesDir: two.sourcesDir, schemasDir: two.schemasDir, cwd: two.dir, env: {} });
      expect(built.schema.getQueryType()?.getFields()['diff']?.type.toString()).toBe('Redirect');
      expect(built.schema.getQueryType()?.getFields()['tarball']?.type.toString()).toBe('Redirect');
    } finally {
      await two.remove();
    }
  });
});

describe('other operations follow redirects within the source origin only', () => {
  it('follows a redirect to the same origin, each hop a counted call', async () => {
    const before = await calls();
    const { body } = await gateway.query('{ moved { id amount } }');
    expect(body).toEqual({ data: { moved: { id: 'order', amount: 1 } } });
    expect(requests()).toEqual(['GET /api/old', 'GET /api/v2/order']);
    expect((await calls()) - before).toBe(2);
  });

  it('never calls another origin, or the same host under another name: a clear UPSTREAM_ERROR instead', async () => {
    const { body } = await gateway.query('{ away { id } alias { id } }');
    const message = 'Source "api" answered HTTP 302 redirecting to another origin: redirects are followed only within the source\'s own origin';
    expect(body).toEqual({ data: { away: null, alias: null }, errors: [failure('away', message, 302), failure('alias', message, 302)] });
    expect(requests().sort()).toEqual(['GET /api/alias', 'GET /api/away']);
    expect(elsewhereSeen).toEqual([]);
  });

  it('stops after five redirects', async () => {
    const { body } = await gateway.query('{ loop { id } }');
    expect(body.errors).toEqual([failure('loop', 'Source "api" answered HTTP 302 after 5 redirects; at most 5 are followed', 302)]);
    expect(requests()).toEqual(Array(6).fill('GET /api/loop'));
  });

  it('follows 303 with a GET, 307 with the same method and body, and 301 or 302 for GET and HEAD only', async () => {
    const { body } = await gateway.query(
      'mutation { placeOrder(input: { amount: 3 }) { id } pay(input: { amount: 5 }) { amount } legacy(input: { amount: 9 }) { id } }',
    );
    expect(body).toEqual({
      data: { placeOrder: { id: '7' }, pay: { amount: 5 }, legacy: null },
      errors: [failure('legacy', 'Source "api" answered HTTP 302 to a POST; 301 and 302 are followed for GET and HEAD only', 302)],
    });
    expect(requests()).toEqual([
      'POST /api/orders {"amount":3}',
      'GET /api/orders/7',
      'POST /api/payments {"amount":5}',
      'POST /api/v2/payments {"amount":5}',
      'POST /api/legacy {"amount":9}',
    ]);
  });
});
