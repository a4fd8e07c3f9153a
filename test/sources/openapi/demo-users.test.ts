import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoService } from '../../../demo/serve.js';
import { startUsers } from '../../../demo/users/server.js';
import { createLogger } from '../../../src/logger.js';
import { loadSources } from '../../../src/sources/registry.js';
import { noUpstreamMetrics } from '../../../src/upstream/metrics.js';
import { demoProject } from '../../helpers/demo-project.js';
import type { TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';

let users: DemoService;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  users = await startUsers(0);
  project = await demoProject({ sources: ['users'], links: false });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: { USERS_URL: users.url } });
});

afterAll(async () => {
  await gateway?.close();
  await users?.close();
  await project?.remove();
});

describe('the users demo through the gateway', () => {
  it('lists users a page at a time', async () => {
    const { body } = await gateway.query('{ users(limit: 2, offset: 1) { id name email companyId } }');
    expect(body).toEqual({
      data: {
        users: [
          { id: '2', name: 'Grace Lovelace', email: 'grace.lovelace.2@example.com', companyId: '2' },
          { id: '3', name: 'Alan Lovelace', email: 'alan.lovelace.3@example.com', companyId: '3' },
        ],
      },
    });
    expect((await gateway.query('{ users { id } }')).body.data.users).toHaveLength(20);
  });

  it('finds users by id; an unknown id is null', async () => {
    const { body } = await gateway.query('{ user(id: "50") { id name } missing: user(id: "51") { id } }');
    expect(body).toEqual({ data: { user: { id: '50', name: 'Linus Liskov' }, missing: null } });
  });

  it('looks up many users in one call, and declares that operation a batch', async () => {
    const before = users.requests;
    const { body } = await gateway.query('{ usersByIds(ids: ["3", "1", "99"]) { id } }', undefined, {
      authorization: 'Bearer anything',
      'x-request-id': 'r-1',
    });
    expect(body).toEqual({ data: { usersByIds: [{ id: '3' }, { id: '1' }] } });
    expect(users.requests - before).toBe(1);
    const registry = await loadSources({
      sourcesDir: project.sourcesDir,
      cwd: project.dir,
      env: {},
      mode: 'compose',
      metrics: noUpstreamMetrics,
      logger: createLogger({ level: 'silent' }),
    });
    expect(registry.warnings).toEqual([]);
    expect(registry.sources[0]!.loaded.operations).toEqual([
      { name: 'users', rootType: 'Query', field: 'users' },
      { name: 'usersByIds', rootType: 'Query', field: 'usersByIds', batch: { argument: 'ids', key: 'id' } },
      { name: 'user', rootType: 'Query', field: 'user' },
    ]);
    await registry.sources[0]!.loaded.close();
  });

  it('counts every call it makes: user(id:) lookups of one request share one batch call', async () => {
    const before = await gateway.metric('plexus_upstream_requests_total', { source: 'users' });
    const served = users.requests;
    const { body } = await gateway.query('{ a: user(id: "1") { id } b: user(id: "2") { id } page: users(limit: 1) { id } }');
    expect(body).toEqual({ data: { a: { id: '1' }, b: { id: '2' }, page: [{ id: '1' }] } });
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'users' })).toBe(before + 2);
    expect(users.requests - served).toBe(2);
  });
});
