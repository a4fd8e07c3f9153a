import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { post } from './fixtures.js';

// Each path of the feeds service answers with its own Cache-Control.
const CACHE_CONTROL: Record<string, string> = {
  '/fresh': 'max-age=1',
  '/nostore': 'no-store',
  '/private': 'private, max-age=60',
  '/overridden': 'no-store',
};

const operation = (operationId: string) => ({
  get: { operationId, responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } } },
});

const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'feeds', version: '1' },
  paths: { '/fresh': operation('fresh'), '/nostore': operation('noStore'), '/private': operation('privateItem'), '/overridden': operation('overridden') },
  components: { schemas: { Item: { type: 'object', properties: { id: { type: 'string' } } } } },
});

let feeds: TestServer;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  feeds = await startHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': CACHE_CONTROL[req.url ?? ''] ?? 'no-store' });
    res.end(JSON.stringify({ id: req.url }));
  });
  project = await tempProject({
    'sources/feeds/source.yaml': `kind: openapi\nendpoint: ${feeds.url}\nschema: openapi.json\n`,
    'sources/feeds/openapi.json': OPENAPI,
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    config: { cache: { ttl: '60s', fields: { 'Query.overridden': '60s' } } },
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([feeds?.close(), project?.remove()]);
});

const callsTo = (path: string) => feeds.requests.filter((request) => request.url === path).length;

describe("a REST source's Cache-Control", () => {
  it('keeps no-store and private answers out of the cache', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await post(gateway.server.url, '{ noStore { id } privateItem { id } }');
      expect(answer.body.data.noStore.id).toBe('/nostore');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(callsTo('/nostore')).toBe(2);
    expect(callsTo('/private')).toBe(2);
  });

  it('gives way to a TTL set for the field in gateway.yaml', async () => {
    await post(gateway.server.url, '{ overridden { id } }');
    await post(gateway.server.url, '{ overridden { id } }');
    expect(callsTo('/overridden')).toBe(1);
  });

  it('uses max-age as the TTL of the field', async () => {
    const first = await post(gateway.server.url, '{ fresh { id } }');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=[01]$/);
    await post(gateway.server.url, '{ fresh { id } }');
    expect(callsTo('/fresh')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await post(gateway.server.url, '{ fresh { id } }');
    expect(callsTo('/fresh')).toBe(2);
  });
});
