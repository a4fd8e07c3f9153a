import { configFailure, loadConfigFrom as load } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { applyCacheHints, cacheControlOf } from '../../src/cache/cache-hints.js';
import { ConfigurationError } from '../../src/config/problems.js';
import { createMemoryStore } from '../../src/cache/memory-store.js';

const failure = configFailure;

describe('cache and persistedDocuments configuration', () => {
  it('has documented defaults: cache off, APQ on, trusted documents off', async () => {
    const config = await load(undefined);
    expect(config.cache).toMatchObject({
      ttl: 0,
      enabled: false,
      store: 'memory',
      maxEntries: 10_000,
      maxBytes: 64 * 1024 * 1024,
      keyPrefix: 'plexus:rc:',
      includeExtensionMetadata: false,
    });
    expect(config.persistedDocuments).toMatchObject({ apq: { enabled: true, maxEntries: 1000 }, trusted: { allowArbitrary: false }, trustedOnly: false });
  });

  it('reads every key from gateway.yaml and the environment', async () => {
    const config = await load(
      [
        'cache:',
        '  ttl: 30s',
        '  maxBytes: 2mb',
        '  types: { User: 1m, Cart: { scope: private } }',
        "  fields: { 'Query.products': { ttl: 10s, scope: PUBLIC } }",
        'persistedDocuments:',
        '  apq: { maxEntries: 50 }',
        '  trusted: { manifest: docs.json }',
        '',
      ].join('\n'),
      { PLEXUS_CACHE_STORE: 'redis', PLEXUS_CACHE_TTL: '45s', PLEXUS_APQ: 'false', PLEXUS_TRUSTED_DOCUMENTS_ALLOW_ARBITRARY: 'true' },
    );
    expect(config.cache).toMatchObject({ ttl: 45_000, enabled: true, store: 'redis', maxBytes: 2 * 1024 * 1024 });
    expect(config.cache.types).toEqual({ User: { ttl: 60_000 }, Cart: { scope: 'PRIVATE' } });
    expect(config.cache.fields).toEqual({ 'Query.products': { ttl: 10_000, scope: 'PUBLIC' } });
    expect(config.persistedDocuments).toMatchObject({ apq: { enabled: false }, trusted: { manifest: 'docs.json', allowArbitrary: true }, trustedOnly: false });
    expect((await load(undefined, { PLEXUS_CACHE_TTL: '0' })).cache.enabled).toBe(false);
  });

  it('names a wrong key with its line, or the environment variable', async () => {
    expect(await failure('cache:\n  ttl: soon\n')).toMatch(/^gateway\.yaml:2: "cache\.ttl": "soon" is not a duration/);
    expect(await failure('cache:\n  store: disk\n')).toMatch(/^gateway\.yaml:2: "cache\.store"/);
    expect(await failure('cache:\n  fields:\n    products: 10s\n')).toBe(
      'gateway.yaml:3: "cache.fields.products": expected a field as Type.field, got "products"',
    );
    expect(await failure('cache:\n  types:\n    User: { scope: secret }\n')).toBe(
      'gateway.yaml:3: "cache.types.User.scope": expected PUBLIC or PRIVATE, got "SECRET"',
    );
    expect(await failure('cache:\n  tll: 1s\n')).toBe('gateway.yaml:2: unknown key "cache.tll" (did you mean "cache.ttl"?)');
    expect(await failure('persistedDocuments:\n  trusted:\n    allowArbitrary: maybe\n')).toMatch(
      /^gateway\.yaml:3: "persistedDocuments\.trusted\.allowArbitrary"/,
    );
    expect(await failure(undefined, { PLEXUS_CACHE_STORE: 'disk' })).toBe(
      'environment variable PLEXUS_CACHE_STORE: "cache.store": expected memory or redis, got "disk"',
    );
  });
});

describe('cache hints from gateway.yaml', () => {
  const schema = buildSchema('type Query { user: User, users: [User!]! } type User { id: ID! }');

  it('are written on the schema as @cacheControl, over what the schema says for the same type or field', () => {
    const annotated = applyCacheHints(schema, { types: { User: { ttl: 1500, scope: 'PRIVATE' } }, fields: { 'Query.users': { ttl: 0 } } });
    expect(annotated.problems).toEqual([]);
    expect(cacheControlOf(annotated.schema.getType('User')!, annotated.schema)).toEqual({ maxAge: 1.5, scope: 'PRIVATE' });
    expect(cacheControlOf(annotated.schema.getQueryType()!.getFields()['users']!, annotated.schema)).toEqual({ maxAge: 0 });
  });

  it('must name types and fields the schema has', () => {
    const { problems } = applyCacheHints(schema, { types: { Usr: { ttl: 1000 } }, fields: { 'Query.user2': { ttl: 1000 } } });
    expect(problems.map((problem) => problem.message)).toEqual([
      '"cache.types.Usr": the gateway schema has no object, interface or union type "Usr"',
      '"cache.fields.Query.user2": the gateway schema has no field Query.user2',
    ]);
    expect(new ConfigurationError(problems).message).toMatch(/^gateway\.yaml: "cache\.types\.Usr"/);
  });
});

describe('memory store', () => {
  it('is bounded by bytes as well as entries', async () => {
    const store = createMemoryStore({ maxEntries: 100, maxBytes: 300 });
    const response = (id: string) => ({ result: { data: { id } }, etag: `"${id}"`, storedAt: 0, ttl: 60_000 });
    const body = JSON.stringify({ data: { id: 'x'.repeat(100) } });
    await store.set('a', response('a'), [{ typename: 'User', id: 1 }], body);
    await store.set('b', response('b'), [], body);
    await store.set('c', response('c'), [], body);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('c')).toBeDefined();
    await store.set('huge', response('huge'), [], 'x'.repeat(400));
    expect(store.get('huge')).toBeUndefined();
    await store.invalidate([{ typename: 'User', id: 1 }]);
    expect(store.get('c')).toBeDefined();
  });
});
