import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits, type AuditResult } from 'graphql-http';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

// The audits query `{ __typename }` and a few malformed requests: no source is ever called.
let project: TempProject;
let gateway: TestGateway;
let results: AuditResult[];

beforeAll(async () => {
  const sdl = 'type Query { hello: String }\n';
  project = await tempProject({
    'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
    'sources/a/schema.graphql': sdl,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
  const url = `http://127.0.0.1:${gateway.server.port}/graphql`;
  // GET requests carry a CSRF prevention header, as the README asks of clients (csrf.requestHeaders).
  const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-plexus-csrf': '1' } });
  results = await Promise.all(serverAudits({ url, fetchFn }).map((audit) => audit.fn()));
});

afterAll(async () => {
  await gateway?.close();
  await project?.remove();
});

describe('the GraphQL over HTTP audit (graphql-http)', () => {
  it('passes every MUST', () => {
    const must = results.filter((result) => result.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThanOrEqual(13);
    expect(must.filter((result) => result.status !== 'ok').map((result) => `${result.name}: ${result.reason}`)).toEqual([]);
  });

  it('passes every SHOULD and MAY', () => {
    const others = results.filter((result) => !result.name.startsWith('MUST'));
    expect(others.filter((result) => result.status !== 'ok').map((result) => `${result.name}: ${result.reason}`)).toEqual([]);
  });
});
