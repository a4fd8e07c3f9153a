import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/security.js';

const SDL = 'type Node { id: ID!, name: String, child: Node, children(first: Int): [Node!]! }\ntype Query { root: Node, hello: String }\n';
const node = (): Record<string, unknown> => ({ id: '1', name: 'n', child: node, children: () => [node()] });

let upstream: RecordingUpstream;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startRecordingUpstream(SDL, { Query: { root: node, hello: () => 'hi' } });
  project = await tempProject({
    'sources/tree/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/tree/schema.graphql': SDL,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([upstream.close(), project.remove()]);
});

let upstreamCalls = 0;
beforeEach(async () => {
  upstreamCalls = await gateway.metric('plexus_upstream_requests_total', { source: 'tree' });
});

const nested = (levels: number, leaf = 'id') => `{ root { ${'child { '.repeat(levels)}${leaf}${' }'.repeat(levels)} } }`;

async function expectRefused(query: string, limit: string, message: RegExp) {
  const { body } = await gateway.query(query);
  expect(body.data).toBeUndefined();
  expect(body.errors).toContainEqual(expect.objectContaining({ message: expect.stringMatching(message), extensions: { code: 'QUERY_TOO_COMPLEX', limit } }));
  expect(await gateway.metric('plexus_upstream_requests_total', { source: 'tree' })).toBe(upstreamCalls);
}

describe('query limits (defaults)', () => {
  it('answers an operation within every limit', async () => {
    expect((await gateway.query(nested(8))).body.errors).toBeUndefined();
  });

  it('refuses a depth bomb before any upstream call', async () => {
    await expectRefused(nested(40), 'maxDepth', /^Query depth limit of 10 exceeded, found 42\.$/);
    expect(await gateway.metric('plexus_query_rejected_total', { limit: 'maxDepth' })).toBe(1);
  });

  it('refuses an operation past the cost limit', async () => {
    await expectRefused('{ root { children(first: 1000) { children(first: 1000) { id name } } } }', 'maxCost', /^Query Cost limit of 5000 exceeded, found \d+/);
  });

  it('refuses an alias bomb', async () => {
    const aliases = Array.from({ length: 100 }, (_, index) => `a${index}: hello`).join(' ');
    await expectRefused(`{ ${aliases} }`, 'maxAliases', /^Aliases limit of 15 exceeded, found 100\.$/);
  });

  it('refuses a directive bomb', async () => {
    await expectRefused(`{ hello ${'@include(if: true) '.repeat(60)}}`, 'maxDirectives', /^Directives limit of 50 exceeded, found 60\.$/);
  });

  it('refuses a token bomb while parsing', async () => {
    const { body } = await gateway.query(`{ ${'hello '.repeat(2000)}}`);
    expect(body.errors).toEqual([
      expect.objectContaining({ message: 'Token limit of 1000 exceeded.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' } }),
    ]);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'tree' })).toBe(upstreamCalls);
  });

  it('hides field suggestions', async () => {
    const { body } = await gateway.query('{ helo }');
    expect(body.errors[0].message).toBe('Cannot query field "helo" on type "Query".');
  });
});

describe('depth counts fields, not fragments', () => {
  // The same five levels of fields (root, child, child, child, id), written the ways clients write them.
  const FIVE_LEVELS = {
    inline: '{ root { id child { name child { child { id } } } } }',
    'nested named fragments, as Relay and Apollo colocate them': `query Page { root { ...Level1 } }
      fragment Level1 on Node { id child { ...Level2 } }
      fragment Level2 on Node { name child { ...Level3 } }
      fragment Level3 on Node { child { id } }`,
    'inline fragments': '{ root { ... on Node { id child { ... { name child { ... on Node { child { id } } } } } } } }',
    'one fragment spread at several levels': '{ root { ...Leaf child { child { ...Leaf } } } } fragment Leaf on Node { child { id } }',
  };

  it.each(Object.entries(FIVE_LEVELS))('answers five levels written with %s under the default limit', async (_form, query) => {
    const { body } = await gateway.query(query);
    expect(body.errors).toBeUndefined();
    expect(body.data.root.child.child).toBeTruthy();
  });

  it('finds the same depth for every way of writing the query', async () => {
    const strict = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { limits: { maxDepth: 4 } },
    });
    try {
      for (const query of Object.values(FIVE_LEVELS)) {
        const { body } = await strict.query(query);
        expect(body.errors).toEqual([
          expect.objectContaining({ message: 'Query depth limit of 4 exceeded, found 5.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' } }),
        ]);
      }
    } finally {
      await strict.close();
    }
  });

  it.each([
    [
      'through another fragment',
      '{ root { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }',
      'Cannot spread fragment "A" within itself via "B".',
    ],
    ['directly', '{ root { ...A } } fragment A on Node { id ...A }', 'Cannot spread fragment "A" within itself.'],
  ])('refuses a fragment that spreads itself %s, and keeps serving', async (_how, query, message) => {
    const { body } = await gateway.query(query);
    expect(body.data).toBeUndefined();
    expect(body.errors).toContainEqual(expect.objectContaining({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'tree' })).toBe(upstreamCalls);
    expect((await gateway.query('{ hello }')).body).toEqual({ data: { hello: 'hi' } });
  });

  it('counts introspection written with fragments like the same introspection written inline', async () => {
    // 25 levels of fields: __schema, queryType, 22 × ofType, name.
    const inline = `{ __schema { queryType { ${'ofType { '.repeat(22)}name${' }'.repeat(22)} } } }`;
    const fragments = `{ __schema { queryType { ...A } } }
      fragment A on __Type { ${'ofType { '.repeat(7)}...B${' }'.repeat(7)} }
      fragment B on __Type { ${'ofType { '.repeat(7)}...C${' }'.repeat(7)} }
      fragment C on __Type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} }`;
    for (const query of [inline, fragments]) expect((await gateway.query(query)).body.errors).toBeUndefined();
    const deeper = fragments.replace('...A', 'ofType { ...A }');
    await expectRefused(deeper, 'maxIntrospectionDepth', /^Introspection depth limit of 25 exceeded, found 26\.$/);
  });
});

describe('introspection', () => {
  it('answers the standard introspection query', async () => {
    const { body } = await gateway.query(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses a circular introspection query', async () => {
    const circular = `{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }`;
    await expectRefused(circular, 'maxIntrospectionDepth', /introspection depth/i);
  });

  it('counts __schema subtrees against maxIntrospectionDepth', async () => {
    await expectRefused(
      `{ __schema { queryType { ${'ofType { '.repeat(30)}name${' }'.repeat(30)} } } }`,
      'maxIntrospectionDepth',
      /^Introspection depth limit of 25 exceeded/,
    );
  });
});

describe('request size and batching', () => {
  it('refuses a body larger than limits.maxBodySize with 413, also when it comes in chunks', async () => {
    const small = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { limits: { maxBodySize: '1kb' } },
    });
    try {
      const big = JSON.stringify({ query: '{ hello }', variables: { padding: 'x'.repeat(4096) } });
      const response = await fetch(`${small.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(response.status).toBe(413);
      expect(await chunkedPost(`${small.server.url}/graphql`, big)).toBe(413);
      expect((await small.query('{ hello }')).body).toEqual({ data: { hello: 'hi' } });
    } finally {
      await small.close();
    }
  });

  it('refuses batched requests unless limits.maxBatchSize allows them, and caps their size', async () => {
    const post = (url: string, count: number) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: count }, () => ({ query: '{ hello }' }))),
      });
    expect((await post(gateway.server.url, 2)).status).toBe(400);
    const batching = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { limits: { maxBatchSize: 2 } },
    });
    try {
      const ok = await post(batching.server.url, 2);
      expect(await ok.json()).toEqual([{ data: { hello: 'hi' } }, { data: { hello: 'hi' } }]);
      expect((await post(batching.server.url, 3)).status).toBe(413);
    } finally {
      await batching.close();
    }
  });
});

describe('configuration', () => {
  it('reads limits from environment variables', async () => {
    const config = await loadGatewayConfig({
      path: `${project.dir}/gateway.yaml`,
      displayPath: 'gateway.yaml',
      required: false,
      env: {
        PLEXUS_LIMITS_MAX_DEPTH: '3',
        PLEXUS_LIMITS_MAX_COST: '50',
        PLEXUS_LIMITS_MAX_ALIASES: '2',
        PLEXUS_LIMITS_MAX_BODY_SIZE: '64kb',
        PLEXUS_LIMITS_MAX_BATCH_SIZE: '5',
      },
    });
    expect(config.limits).toMatchObject({ maxDepth: 3, maxCost: 50, maxAliases: 2, maxBodySize: 65536, maxBatchSize: 5, maxTokens: 1000 });
  });

  it('applies a lower limit from the config', async () => {
    const strict = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { limits: { maxDepth: 3, maxAliases: 1 } },
    });
    try {
      expect((await strict.query(nested(1))).body.errors).toBeUndefined();
      expect((await strict.query(nested(3))).body.errors[0]).toMatchObject({
        message: 'Query depth limit of 3 exceeded, found 5.',
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      });
      expect((await strict.query('{ a: hello b: hello }')).body.errors[0].extensions.limit).toBe('maxAliases');
    } finally {
      await strict.close();
    }
  });
});

/** POSTs with Transfer-Encoding: chunked (no Content-Length) and resolves to the status. */
function chunkedPost(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    for (let offset = 0; offset < body.length; offset += 512) request.write(body.slice(offset, offset + 512));
    request.end();
  });
}
