import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, testConfig, type TestGateway } from '../helpers/gateway.js';
import { startGraphQLServer, startHttpServer, type TestServer } from '../helpers/servers.js';

// A source whose service fails every call, with a breaker that opens after two failures.
const FAILING = (url: string) =>
  `kind: graphql\nendpoint: ${url}\nschema: schema.graphql\nretry:\n  enabled: false\ncircuitBreaker:\n  minimumRequests: 2\n  openFor: 60s\n`;

let project: TempProject;
let failing: TestServer;
let healthy: TestServer;
let gateway: TestGateway;
let config: Record<string, unknown>;

beforeAll(async () => {
  failing = await startHttpServer((_request, response) => {
    response.statusCode = 503;
    response.end('down');
  });
  healthy = await startGraphQLServer({ typeDefs: 'type Query { beta: String }', resolvers: { Query: { beta: () => 'b' } } });
  project = await tempProject({
    'sources/a/source.yaml': FAILING(failing.url),
    'sources/a/schema.graphql': 'type Query { alpha: String }\n',
    'sources/b/source.yaml': `kind: graphql\nendpoint: ${healthy.url}\nschema: schema.graphql\n`,
    'sources/b/schema.graphql': 'type Query { beta: String }\n',
    'manifest.json': JSON.stringify({ one: '{ beta }', two: '{ alpha }' }),
  });
  config = { persistedDocuments: { trusted: { manifest: 'manifest.json' } } };
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, config, readConfig: async () => testConfig(config) });
});

afterAll(async () => {
  await gateway?.close();
  await gateway?.gateway.close();
  await failing?.close();
  await healthy?.close();
  await project?.remove();
});

const byId = async (documentId: string) => {
  const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ documentId }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
};

describe('a reload', () => {
  it("keeps an open circuit of an unchanged source, drops a removed source's gauge and takes the new trusted documents", async () => {
    expect(await byId('one')).toEqual({ data: { beta: 'b' } });
    // Two failed calls open the breaker of source a.
    for (let index = 0; index < 2; index++) await byId('two');
    expect(failing.requests).toHaveLength(2);
    expect(await gateway.metric('plexus_circuit_breaker_state', { source: 'a' })).toBe(2);
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.server.port}/metrics`)).text();
    expect(metrics).toContain('plexus_circuit_breaker_state{source="b"} 0');

    // Source b goes, the manifest changes, source a stays as it was.
    await rm(join(project.sourcesDir, 'b'), { recursive: true });
    await project.write({ 'manifest.json': JSON.stringify({ three: '{ alpha }' }) });
    const result = await gateway.gateway.reload();
    expect(result.ok).toBe(true);

    // The breaker is still open: refused without a call to the service.
    const refused = await byId('three');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(failing.requests).toHaveLength(2);
    expect(await gateway.metric('plexus_circuit_breaker_state', { source: 'a' })).toBe(2);
    const after = await (await fetch(`http://127.0.0.1:${gateway.server.port}/metrics`)).text();
    expect(after).not.toContain('plexus_circuit_breaker_state{source="b"}');
    expect((await byId('two')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const summary = gateway.gateway.lastReload();
    expect(summary?.ok).toBe(true);
    expect(summary?.sources).toEqual({ added: [], removed: ['b'], changed: [] });
    expect(summary?.schema.breaking).toBeGreaterThan(0);
  });

  it('gives a source whose source.yaml changed a fresh breaker', async () => {
    await project.write({ 'sources/a/source.yaml': `${FAILING(failing.url)}timeout: 3s\n` });
    await gateway.gateway.reload();
    expect(gateway.gateway.lastReload()?.sources.changed).toEqual(['a']);
    expect(await gateway.metric('plexus_circuit_breaker_state', { source: 'a' })).toBe(0);
    await byId('three');
    expect(failing.requests).toHaveLength(3);
  });
});
