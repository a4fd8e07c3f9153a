import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';
import { composeSdl } from '../../src/cli/compose.js';
import { watchProject, type ProjectWatcher } from '../../src/server/watch-project.js';
import { capturedLogger, failedOutcomes, postQuery, steadyLoad, waitFor } from '../helpers/operations.js';

// One service behind two sources: each source's schema file publishes part of it.
const SERVICE_SDL = `
  type Query { alpha: String, beta: Int, thing: Thing, person(id: ID!): Person, bravo: String }
  type Thing { id: ID!, ownerId: ID! }
  type Person { id: ID!, name: String }
`;
const A_SDL = 'type Query { alpha: String, thing: Thing }\ntype Thing { id: ID!, ownerId: ID! }\n';
const B_SDL = 'type Query { person(id: ID!): Person, bravo: String }\ntype Person { id: ID!, name: String }\n';
const LINK = 'extend type Thing {\n  owner: Person @resolveBy(source: "b", operation: "person", key: "ownerId")\n}\n';

let service: TestServer;
let project: TempProject | undefined;
let gateway: TestGateway | undefined;
let watcher: ProjectWatcher | undefined;

beforeAll(async () => {
  service = await startGraphQLServer({
    typeDefs: SERVICE_SDL,
    resolvers: {
      Query: {
        alpha: () => 'a',
        beta: () => 2,
        bravo: () => 'b',
        thing: () => ({ id: 't1', ownerId: 'p1' }),
        person: (_: unknown, { id }: { id: string }) => ({ id, name: 'Ada' }),
      },
    },
    // Long enough that requests are in flight whenever the schema is swapped.
    delayMs: 20,
  });
});
afterAll(() => service?.close());
afterEach(async () => {
  await watcher?.close();
  await gateway?.close();
  await project?.remove();
  watcher = gateway = project = undefined;
});

/** A project with sources a and b over the service, served by a gateway that reloads on file changes. */
async function watchedGateway(files: Record<string, string> = {}, config: Record<string, unknown> = {}, withSchemasFolder = true) {
  project = await tempProject({
    ...files,
    'sources/a/source.yaml': `kind: graphql\nendpoint: ${service.url}\nschema: schema.graphql\n`,
    'sources/a/schema.graphql': A_SDL,
    'sources/b/source.yaml': `kind: graphql\nendpoint: ${service.url}\nschema: schema.graphql\n`,
    'sources/b/schema.graphql': B_SDL,
  });
  if (!withSchemasFolder) await rm(project.schemasDir, { recursive: true });
  const log = capturedLogger();
  const started = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, env: {}, logger: log.logger, config });
  gateway = started;
  watcher = watchProject({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    debounceMs: 100,
    logger: log.logger,
    onChange: () => void started.gateway.reload(),
  });
  await watcher.ready;
  return { project, gateway: started, url: `${started.server.url}/graphql`, log };
}

describe('hot reload', () => {
  it('swaps in an edited schema under load without failing a request', async () => {
    const { project, url } = await watchedGateway({ 'schemas/links.graphql': LINK });
    // Two upstream calls in turn, the second to source b: a request that started on the old schema
    // still calls b's old connection pool after the swap, so closing it early would fail requests.
    const load = steadyLoad(() => postQuery(url, '{ thing { owner { name } } }'), 32);
    await waitFor(load.completed, (count) => count >= 100);

    await project.write({ 'sources/a/schema.graphql': A_SDL.replace('alpha: String', 'alpha: String, beta: Int') });
    const swapped = await waitFor(
      () => postQuery(url, '{ beta }'),
      (outcome) => outcome.body?.data?.['beta'] === 2,
    );
    expect(swapped.body?.errors).toBeUndefined();
    // Keep the load on after the swap, while the old schema's requests finish and its sources close.
    const atSwap = load.completed();
    await waitFor(load.completed, (count) => count >= atSwap + 100);

    const outcomes = await load.stop();
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
    expect(failedOutcomes(outcomes)).toEqual([]);
  });

  it('keeps serving the last good schema when a links file breaks, logging file and line, and applies the fix', async () => {
    const { project, url, log } = await watchedGateway();
    await project.write({ 'schemas/links.graphql': 'extend type Thing {\n  owner: Person @resolveBy(source: "b", operation: \n}\n' });
    const failure = await waitFor(log.records, (records) => records.some((record) => record['level'] === 50 && record['file'] === 'schemas/links.graphql'));
    const located = failure.find((record) => record['file'] === 'schemas/links.graphql')!;
    expect(located['line']).toBe(3);
    expect(String(located['msg'])).toBe('schemas/links.graphql:3: syntax error: Unexpected "}".');
    expect(failure.some((record) => String(record['msg']).startsWith('schema reload failed; still serving version'))).toBe(true);
    expect(await postQuery(url, '{ alpha thing { id } }')).toMatchObject({ status: 200, body: { data: { alpha: 'a', thing: { id: 't1' } } } });

    await project.write({ 'schemas/links.graphql': LINK });
    const linked = await waitFor(
      () => postQuery(url, '{ thing { owner { name } } }'),
      (outcome) => outcome.status === 200 && outcome.body?.errors === undefined,
    );
    expect(linked.body?.data).toEqual({ thing: { owner: { name: 'Ada' } } });
  });

  it('notices a schemas folder created after the start', async () => {
    const { project, url } = await watchedGateway({}, {}, false);
    await project.write({ 'schemas/links.graphql': LINK });
    const linked = await waitFor(
      () => postQuery(url, '{ thing { owner { name } } }'),
      (outcome) => outcome.status === 200 && outcome.body?.errors === undefined,
    );
    expect(linked.body?.data).toEqual({ thing: { owner: { name: 'Ada' } } });
  });

  it('removes the fields of a deleted source folder and logs the breaking change', async () => {
    const { project, url, log } = await watchedGateway();
    expect((await postQuery(url, '{ bravo }')).body?.data).toEqual({ bravo: 'b' });

    await rm(join(project.sourcesDir, 'b'), { recursive: true });
    const gone = await waitFor(
      () => postQuery(url, '{ bravo }'),
      (outcome) => outcome.status !== 200 || outcome.body?.errors !== undefined,
    );
    expect(JSON.stringify(gone.body?.errors)).toContain('Cannot query field \\"bravo\\" on type \\"Query\\"');
    expect((await postQuery(url, '{ alpha }')).body?.data).toEqual({ alpha: 'a' });
    const changes = log
      .records()
      .filter((record) => record['change'] === 'breaking')
      .map((record) => record['msg']);
    expect(changes).toContain(`schema change BREAKING: Field 'bravo' was removed from object type 'Query'`);
  });

  it('reports the schema version and load time in /readyz, and both change with a swap', async () => {
    const { project, gateway } = await watchedGateway();
    const readyz = async () => (await (await fetch(`${gateway.server.url}/readyz`)).json()) as { schema: { version: string; loadedAt: string } };
    const before = (await readyz()).schema;
    expect(before.version).toMatch(/^[0-9a-f]{12}$/);
    expect(new Date(before.loadedAt).toISOString()).toBe(before.loadedAt);

    await project.write({ 'sources/b/schema.graphql': B_SDL.replace('bravo: String', 'bravo: String, beta: Int') });
    const after = (await waitFor(readyz, (body) => body.schema.version !== before.version)).schema;
    expect(after.version).toMatch(/^[0-9a-f]{12}$/);
    expect(Date.parse(after.loadedAt)).toBeGreaterThan(Date.parse(before.loadedAt));
    expect(gateway.gateway.schemaStatus()).toEqual(after);
    // The version names what `plexus compose` would write, so a replica can be matched to a commit.
    const composed = await composeSdl({ sources: 'sources', schemas: 'schemas' }, project.dir);
    expect(createHash('sha256').update(composed).digest('hex').slice(0, 12)).toBe(after.version);
  });

  it('gives the response cache the new schema: its TTLs, and a key space of its own', async () => {
    const { project, gateway, url } = await watchedGateway(
      { 'schemas/cache.graphql': 'extend type Query {\n  alpha: String @cacheControl(maxAge: 0)\n}\n' },
      { cache: { ttl: '60s' } },
    );
    const calls = () => gateway.metric('plexus_upstream_requests_total', { source: 'a' });
    const callsFor = async (query: string) => {
      const before = await calls();
      expect((await postQuery(url, query)).body?.errors).toBeUndefined();
      return (await calls()) - before;
    };
    expect([await callsFor('{ alpha }'), await callsFor('{ alpha }')]).toEqual([1, 1]);
    expect([await callsFor('{ thing { id } }'), await callsFor('{ thing { id } }')]).toEqual([1, 0]);

    // The hint goes first: a schema with the new field was read after both changes.
    await rm(join(project.schemasDir, 'cache.graphql'));
    await project.write({ 'sources/a/schema.graphql': A_SDL.replace('alpha: String', 'alpha: String, beta: Int') });
    await waitFor(
      () => postQuery(url, '{ beta }'),
      (outcome) => outcome.body?.data?.['beta'] === 2,
    );
    // No TTL of 0 left over from the old schema, and no answer cached under it.
    expect([await callsFor('{ alpha }'), await callsFor('{ alpha }')]).toEqual([1, 0]);
    expect([await callsFor('{ thing { id } }'), await callsFor('{ thing { id } }')]).toEqual([1, 0]);
  });
});
