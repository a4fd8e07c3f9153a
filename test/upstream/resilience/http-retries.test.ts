import { afterEach, describe, expect, it } from 'vitest';
import { document, json, startRestHarness, type RestHarness } from '../../sources/openapi/support.js';

const ITEM = { type: 'object', properties: { id: { type: 'string' } } };
const answers = { '200': { description: 'ok', content: { 'application/json': { schema: ITEM } } } };
const body = { required: true, content: { 'application/json': { schema: ITEM } } };

const OPENAPI = document({
  '/items/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    get: { operationId: 'getItem', responses: answers },
    put: { operationId: 'putItem', requestBody: body, responses: answers },
  },
  '/items': { post: { operationId: 'createItem', requestBody: body, responses: answers } },
  '/search': { post: { operationId: 'searchItems', requestBody: body, responses: answers } },
});

// A breaker that stays out of the way: these tests are about retries.
const YAML = `retry: { attempts: 3, backoff: 1ms, maxBackoff: 5ms }
circuitBreaker: { minimumRequests: 1000 }
operations:
  searchItems: { rootType: Query, idempotent: true }
`;

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const metric = (name: string) => harness!.gateway.metric(name, { source: 'api' });

describe('HTTP retries', () => {
  it('retries a GET that failed with 503 up to retry.attempts times; each retry is a counted call', async () => {
    harness = await startRestHarness(OPENAPI, (_request, res) => json(res, 503, { message: 'overloaded' }), YAML);
    const { body: result } = await harness.gateway.query('{ getItem(id: "1") { id } }');
    expect(result.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'api', status: 503 });
    expect(harness.seen.map((request) => `${request.method} ${request.url}`)).toEqual(Array(4).fill('GET /items/1'));
    expect(await metric('plexus_upstream_retries_total')).toBe(3);
    expect(await metric('plexus_upstream_requests_total')).toBe(4);
  });

  it('answers with the first success', async () => {
    let calls = 0;
    harness = await startRestHarness(OPENAPI, (_request, res) => (++calls < 3 ? json(res, 502, 'bad gateway') : json(res, 200, { id: '1' })), YAML);
    const { body: result } = await harness.gateway.query('{ getItem(id: "1") { id } }');
    expect(result).toEqual({ data: { getItem: { id: '1' } } });
    expect(harness.seen).toHaveLength(3);
  });

  it('never retries a POST, nor a PUT', async () => {
    harness = await startRestHarness(OPENAPI, (_request, res) => json(res, 503, { message: 'overloaded' }), YAML);
    const { body: created } = await harness.gateway.query('mutation { createItem(input: { id: "1" }) { id } }');
    expect(created.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 503 });
    const { body: put } = await harness.gateway.query('mutation { putItem(id: "1", input: { id: "1" }) { id } }');
    expect(put.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 503 });
    expect(harness.seen.map((request) => request.method)).toEqual(['POST', 'PUT']);
    expect(await metric('plexus_upstream_retries_total')).toBe(0);
  });

  it('retries a POST that operations.<id>.idempotent marks as safe to repeat', async () => {
    harness = await startRestHarness(OPENAPI, (_request, res) => json(res, 503, { message: 'overloaded' }), YAML);
    await harness.gateway.query('{ searchItems(input: { id: "1" }) { id } }');
    expect(harness.seen.map((request) => request.method)).toEqual(Array(4).fill('POST'));
  });

  it('does not retry an answer that refuses the request (4xx)', async () => {
    harness = await startRestHarness(OPENAPI, (_request, res) => json(res, 404, { message: 'no such item' }), YAML);
    const { body: result } = await harness.gateway.query('{ getItem(id: "1") { id } }');
    expect(result.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', status: 404 });
    expect(harness.seen).toHaveLength(1);
  });

  it('retries a GET whose connection was cut', async () => {
    let calls = 0;
    harness = await startRestHarness(OPENAPI, (_request, res) => (++calls === 1 ? res.socket?.destroy() : json(res, 200, { id: '1' })), YAML);
    const { body: result } = await harness.gateway.query('{ getItem(id: "1") { id } }');
    expect(result).toEqual({ data: { getItem: { id: '1' } } });
    expect(calls).toBe(2);
  });
});
