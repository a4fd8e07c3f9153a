import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { graphqlSource } from '../../src/sources/graphql/index.js';
import type { SourceKind } from '../../src/sources/types.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/security.js';

const SDL = 'type Query { hello: String }\n';

let upstream: RecordingUpstream;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startRecordingUpstream(SDL, { Query: { hello: () => 'hi' } });
  project = await tempProject({
    'sources/api/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/api/schema.graphql': SDL,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([upstream.close(), project.remove()]);
});

const endpoint = () => `${gateway.server.url}/graphql`;

describe('CSRF prevention', () => {
  it.each([
    ['a form post', 'application/x-www-form-urlencoded', `query=${encodeURIComponent('{ hello }')}`],
    ['a text/plain post', 'text/plain', JSON.stringify({ query: '{ hello }' })],
  ])('refuses %s from a browser with 403 FORBIDDEN, before any upstream call', async (_name, contentType, body) => {
    const calls = upstream.queries.length;
    const response = await fetch(endpoint(), { method: 'POST', headers: { 'content-type': contentType, origin: 'https://evil.example' }, body });
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(upstream.queries.length).toBe(calls);
  });

  it('refuses a GET query without a CSRF header, and answers one with it', async () => {
    const url = `${endpoint()}?query=${encodeURIComponent('{ hello }')}`;
    expect((await fetch(url, { headers: { accept: 'application/json' } })).status).toBe(403);
    const allowed = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await allowed.json()).toEqual({ data: { hello: 'hi' } });
  });

  it('lets JSON requests through (they need a CORS preflight in a browser)', async () => {
    expect((await gateway.query('{ hello }')).body).toEqual({ data: { hello: 'hi' } });
  });

  it('can be switched off', async () => {
    const open = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      config: { csrf: { enabled: false } },
    });
    try {
      const response = await fetch(`${open.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${encodeURIComponent('{ hello }')}`,
      });
      expect(await response.json()).toEqual({ data: { hello: 'hi' } });
    } finally {
      await open.close();
    }
  });
});

describe('error masking', () => {
  const broken = {
    ...graphqlSource,
    async load(context: { name: string }) {
      const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }) });
      return {
        name: context.name,
        kind: 'graphql',
        schema,
        executor: () => {
          throw new Error('connect ECONNREFUSED 10.1.2.3:5432 (password=hunter2)');
        },
        batch: false,
        operations: [],
        warnings: [],
        probe: async () => {},
        close: async () => {},
      };
    },
  } as unknown as SourceKind;

  it.each([
    [false, 'Unexpected error.'],
    [true, 'connect ECONNREFUSED 10.1.2.3:5432 (password=hunter2)'],
  ])('with debug %s shows: %s', async (debug, message) => {
    const masked = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      kinds: { graphql: broken },
      config: { debug },
    });
    try {
      const { body } = await masked.query('{ hello }');
      expect(body.errors[0].message).toBe(message);
      if (!debug) expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.1\.2\.3|stack/);
    } finally {
      await masked.close();
    }
  });
});
