import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiSourceSchema } from '../../src/sources/openapi/config.js';
import { graphqlSourceSchema } from '../../src/sources/graphql/index.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const BLOB = { type: 'object', properties: { data: { type: 'string' } } };
const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'blobs', version: '1' },
  paths: {
    '/blobs/{id}': {
      get: {
        operationId: 'blob',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: BLOB } } } },
      },
    },
  },
});

// Each answer is about 200 kB; the gateway may hold 300 kB of answers at once.
const BODY = JSON.stringify({ data: 'x'.repeat(200 * 1024) });

let rest: TestServer;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  rest = await startHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY));
  project = await tempProject({
    'sources/blobs/source.yaml': `kind: openapi\nendpoint: ${rest.url}\nschema: openapi.json\n`,
    'sources/blobs/openapi.json': OPENAPI,
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    config: { upstream: { maxBytesInFlight: '300kb' } },
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([rest?.close(), project?.remove()]);
});

describe('the gateway-wide budget of upstream bytes in flight', () => {
  it('a call that would go past it fails with a clear error; what was read is held until the request has its result', async () => {
    const { body } = await gateway.query('{ a: blob(id: "1") { data } b: blob(id: "2") { data } }');
    const served = ['a', 'b'].filter((alias) => body.data[alias]?.data?.length === 200 * 1024);
    expect(served).toHaveLength(1);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'UPSTREAM_ERROR', source: 'blobs', limit: 'upstream.maxBytesInFlight' } });
    expect(body.errors[0].message).toContain('the gateway already holds its limit of 307200 bytes');
    // Not the service's fault: its breaker hears nothing of it.
    expect(await gateway.metric('plexus_upstream_errors_total', { source: 'blobs', outcome: 'error' })).toBe(0);
  });

  it('gives every byte back once requests have their results', async () => {
    expect(await gateway.metric('plexus_upstream_bytes_in_flight')).toBe(0);
    for (let round = 0; round < 3; round++) {
      const { body } = await gateway.query('{ blob(id: "3") { data } }');
      expect(body.data.blob.data).toHaveLength(200 * 1024);
    }
    expect(await gateway.metric('plexus_upstream_bytes_in_flight')).toBe(0);
  });
});

describe('the per-source answer cap', () => {
  it('defaults to 10 MB for HTTP kinds and takes sizes such as 2mb', () => {
    const base = { endpoint: 'http://127.0.0.1:9' };
    expect(openapiSourceSchema.parse({ ...base, kind: 'openapi' }).maxResponseBytes).toBe(10 * 1024 * 1024);
    expect(graphqlSourceSchema.parse({ ...base, kind: 'graphql' }).maxResponseBytes).toBe(10 * 1024 * 1024);
    expect(openapiSourceSchema.parse({ ...base, kind: 'openapi', maxResponseBytes: '2mb' }).maxResponseBytes).toBe(2 * 1024 * 1024);
  });
});
