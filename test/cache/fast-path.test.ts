import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/cache/memory-store.js';
import type { TestGateway } from '../helpers/gateway.js';
import { catalogueGateways, post } from './fixtures.js';

const { calls: catalogueCalls, gatewayWith: start } = catalogueGateways();

/** A gateway with the response cache on; `shared: true` hands it a store from outside (no fast path). */
const gatewayWith = (config: Record<string, unknown> = {}, shared = false) =>
  start(config, shared ? createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000 }) : undefined);

const fastHits = (gateway: TestGateway) => gateway.metric('plexus_response_cache_fast_hits_total');
const QUERY = 'query Catalogue { products { id name } }';
const headersOf = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => !['date', 'x-request-id', 'cache-control'].includes(name)));

describe('cache hits answered before the GraphQL pipeline', () => {
  it('answer exactly what the pipeline answers for the same hit', async () => {
    const fast = await gatewayWith();
    const pipeline = await gatewayWith({}, true);
    for (const gateway of [fast, pipeline]) await post(gateway.server.url, QUERY);
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*']) {
      const [fromFast, fromPipeline] = await Promise.all([post(fast.server.url, QUERY, { accept }), post(pipeline.server.url, QUERY, { accept })]);
      expect(fromFast.status).toBe(200);
      expect(fromFast.text).toBe(fromPipeline.text);
      expect(headersOf(fromFast.headers)).toEqual(headersOf(fromPipeline.headers));
      expect(fromFast.headers.get('cache-control')).toMatch(/^public, max-age=(59|60)$/);
      expect(fromFast.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(await fastHits(fast)).toBe(3);
    expect(await fastHits(pipeline)).toBe(0);
    expect(await fast.metric('plexus_response_cache_hits_total')).toBe(3);
    expect(await fast.metric('plexus_graphql_requests_total', { status: 'ok' })).toBe(4);
  });

  it('keeps the client request id', async () => {
    const gateway = await gatewayWith();
    await post(gateway.server.url, QUERY);
    const hit = await post(gateway.server.url, QUERY, { 'x-request-id': 'mobile-42' });
    expect(hit.headers.get('x-request-id')).toBe('mobile-42');
    expect(await fastHits(gateway)).toBe(1);
  });

  it('leaves to the pipeline what only the pipeline can decide', async () => {
    const gateway = await gatewayWith({ auth: { jwtSecret: 'a-secret-of-at-least-thirty-two-characters' } });
    await post(gateway.server.url, QUERY);
    const calls = catalogueCalls();
    // A token to verify, CORS, a conditional request, APQ extensions: all go through yoga.
    expect((await post(gateway.server.url, QUERY, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await post(gateway.server.url, QUERY, { origin: 'https://app.example' })).headers.get('access-control-allow-origin')).toBeTruthy();
    expect((await post(gateway.server.url, QUERY, { 'if-none-match': '*' })).status).toBe(304);
    expect(await fastHits(gateway)).toBe(0);
    expect((await post(gateway.server.url, QUERY)).status).toBe(200);
    expect(await fastHits(gateway)).toBe(1);
    expect(catalogueCalls()).toBe(calls);
  });

  it('is off where a hit must be charged or the request checked: rate limits, required tokens', async () => {
    for (const config of [
      { rateLimit: { points: 100, window: '1h' } },
      { auth: { jwtSecret: 'a-secret-of-at-least-thirty-two-characters', required: true } },
    ]) {
      const gateway = await gatewayWith(config);
      await post(gateway.server.url, QUERY);
      await post(gateway.server.url, QUERY);
      expect(await fastHits(gateway)).toBe(0);
    }
  });

  it('never serves a document the pipeline would refuse: only answers the pipeline cached are found', async () => {
    const gateway = await gatewayWith({ limits: { maxDepth: 1 } });
    const deep = '{ products { id name } }';
    for (let attempt = 0; attempt < 2; attempt++) expect((await post(gateway.server.url, deep)).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(await fastHits(gateway)).toBe(0);
  });
});
