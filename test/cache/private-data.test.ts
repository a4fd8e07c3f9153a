import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SECRET, token, type TokenOptions } from '../helpers/security.js';
import { catalogueProject, post, startCatalogue, type Catalogue } from './fixtures.js';

let catalogue: Catalogue;
let project: TempProject;
let gateway: TestGateway;
let url: string;
const bearer = async (claims: Record<string, unknown>, options: TokenOptions = {}) => ({ authorization: `Bearer ${await token(claims, 'secret', options)}` });

beforeAll(async () => {
  catalogue = await startCatalogue();
  project = await catalogueProject(catalogue, {
    'schemas/policies.graphql': [
      'extend type Query {',
      '  me: Profile @cacheControl(scope: PRIVATE)',
      '}',
      'extend type Product {',
      '  price: Float! @requiresScopes(scopes: [["prices"]])',
      '}',
      '',
    ].join('\n'),
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    config: { auth: { jwtSecret: SECRET }, cache: { ttl: '60s' } },
  });
  url = gateway.server.url;
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([catalogue?.close(), project?.remove()]);
});

describe('PRIVATE data in the response cache', () => {
  const me = '{ me { id name } }';

  it('keeps each subject its own answer and never gives one to another subject or to anonymous requests', async () => {
    const alice = await bearer({ sub: 'alice' });
    const bob = await bearer({ sub: 'bob' });
    const forAlice = await post(url, me, alice);
    expect(forAlice.body.data.me).toEqual({ id: 'alice', name: 'User alice' });
    expect(forAlice.headers.get('cache-control')).toMatch(/^private, max-age=/);

    let calls = catalogue.calls();
    expect((await post(url, me, alice)).body.data.me.id).toBe('alice');
    expect(catalogue.calls()).toBe(calls);

    const forBob = await post(url, me, bob);
    expect(forBob.body.data.me).toEqual({ id: 'bob', name: 'User bob' });
    expect(catalogue.calls()).toBe(calls + 1);

    // A token of another subject that sends Alice's ETag learns nothing either.
    const probe = await post(url, me, { ...bob, 'if-none-match': forAlice.headers.get('etag')! });
    expect(probe.status).toBe(200);
    expect(probe.body.data.me.id).toBe('bob');

    calls = catalogue.calls();
    for (let attempt = 0; attempt < 2; attempt++) {
      const anonymous = await post(url, me);
      expect(anonymous.body.data.me).toBeNull();
      expect(anonymous.headers.get('cache-control')).toBe('no-store');
    }
    expect(catalogue.calls()).toBe(calls + 2);
    // An alias does not hide the PRIVATE field.
    const aliased = await post(url, '{ who: me { id } }');
    expect(aliased.body.data.who).toBeNull();
  });

  it('refuses an invalid token with 401 even when the query is cached', async () => {
    const alice = await bearer({ sub: 'alice' });
    await post(url, '{ products { id name } }', alice);
    await post(url, '{ products { id name } }');
    const hits = await gateway.metric('plexus_response_cache_hits_total');
    const refused = await post(url, '{ products { id name } }', { authorization: `${alice.authorization}x` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const expired = await post(url, '{ products { id name } }', await bearer({ sub: 'alice' }, { expiresIn: -3600 }));
    expect(expired.status).toBe(401);
    expect(await gateway.metric('plexus_response_cache_hits_total')).toBe(hits);
  });

  it('shares an answer with guarded fields only between callers holding the same scopes', async () => {
    const query = '{ products { id price } }';
    const withScope = await post(url, query, await bearer({ sub: 'carol', scope: 'prices' }));
    expect(withScope.body.errors).toBeUndefined();
    expect(withScope.headers.get('cache-control')).toMatch(/^private, /);
    const calls = catalogue.calls();
    // Another subject with the same scopes shares it.
    expect((await post(url, query, await bearer({ sub: 'dave', scope: 'prices' }))).body.data.products[0].price).toBe(20);
    expect(catalogue.calls()).toBe(calls);

    const withoutScope = await post(url, query, await bearer({ sub: 'erin' }));
    expect(withoutScope.body.data).toBeNull();
    expect(withoutScope.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await post(url, query);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
