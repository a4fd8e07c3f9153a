import { afterEach, describe, expect, it } from 'vitest';
import { buildSchema as buildFromSdl, validateSchema } from 'graphql';
import { checkCommand } from '../../src/cli/check.js';
import { buildOffline } from '../../src/compose/build.js';
import { printComposed } from '../../src/compose/print.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

// A service whose every RPC is a mutation (as 12 of 39 googleapis services are) and an API of POSTs only.
const MUTATIONS_PROTO = 'syntax = "proto3";\npackage ads;\nmessage Change { string id = 1; }\nservice Ads { rpc MutateCampaigns(Change) returns (Change); }\n';
const POSTS_OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'posts', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    },
  },
});
const FILES = {
  'sources/ads/source.yaml': 'kind: grpc\nendpoint: grpc://127.0.0.1:9\nschema: ads.proto\n',
  'sources/ads/ads.proto': MUTATIONS_PROTO,
  'sources/posts/source.yaml': 'kind: openapi\nendpoint: http://127.0.0.1:9\nschema: openapi.json\n',
  'sources/posts/openapi.json': POSTS_OPENAPI,
};

let project: TempProject | undefined;
let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await project?.remove();
  gateway = project = undefined;
});

describe('a gateway whose sources offer no query operation', () => {
  it('answers queries: Query holds one deprecated placeholder that is always null', async () => {
    project = await tempProject(FILES);
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
    expect(await gateway.query('{ __typename }')).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    expect((await gateway.query('{ _empty }')).body).toEqual({ data: { _empty: null } });
    const schema = gateway.gateway.schema();
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(['createThing', 'mutateCampaigns']);
    expect(schema.getQueryType()!.getFields()['_empty']!.deprecationReason).toBe('A placeholder; no source offers a query operation.');
  });

  it('composes a schema that is valid on its own, and plexus check says which sources add no query field', async () => {
    project = await tempProject(FILES);
    const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
    expect(validateSchema(buildFromSdl(printComposed(built.schema)))).toEqual([]);
    const lines: string[] = [];
    expect(await checkCommand({ sources: 'sources', schemas: 'schemas' }, project.dir, (line) => (lines.push(line), true))).toBe(0);
    expect(lines).toEqual([
      'source notes:',
      '  sources/ads/source.yaml: source "ads" contributes no query field (it offers mutations); its data is reachable only through its mutations and links',
      '  sources/posts/source.yaml: source "posts" contributes no query field (it offers mutations); its data is reachable only through its mutations and links',
      'ok: 2 sources: ads (grpc), posts (openapi)',
    ]);
  });

  it('next to a source with queries, has neither the placeholder nor any field a source invented', async () => {
    project = await tempProject({
      ...FILES,
      'sources/shop/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
      'sources/shop/schema.graphql': 'type Query { products: [String!]! }\n',
    });
    const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
    expect(Object.keys(built.schema.getQueryType()!.getFields())).toEqual(['products']);
  });
});
