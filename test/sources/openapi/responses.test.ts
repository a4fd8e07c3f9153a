import { afterEach, describe, expect, it } from 'vitest';
import { document, json, startRestHarness, type RestHandler, type RestHarness } from './support.js';

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const answers = (schema: unknown, mediaType = 'application/json') => ({ '200': { description: 'ok', content: { [mediaType]: { schema } } } });

describe('responses', () => {
  it('reads objects under their GraphQL names, enums as names, int64 and date-time without loss', async () => {
    harness = await startRestHarness(
      document(
        { '/account': { get: { operationId: 'account', responses: answers(ref('Account')) } } },
        {
          Account: {
            type: 'object',
            properties: {
              'account-id': { type: 'integer', format: 'int64' },
              state: { type: 'string', enum: ['on-hold', 'active'] },
              opened: { type: 'string', format: 'date-time' },
              limits: { type: 'object', additionalProperties: { type: 'integer' } },
            },
          },
        },
      ),
      (_request, res) =>
        json(
          res,
          200,
          '{"account-id": 9223372036854775807, "state": "on-hold", "opened": "2024-02-29T23:59:59.123+02:00", "limits": {"daily": 12345678901234567890}}',
        ),
    );
    const { body } = await harness.gateway.query('{ account { accountId state opened limits } }');
    expect(body).toEqual({
      data: {
        account: { accountId: '9223372036854775807', state: 'on_hold', opened: '2024-02-29T23:59:59.123+02:00', limits: { daily: '12345678901234567890' } },
      },
    });
  });

  it('resolves union members by discriminator, and by structure when there is none', async () => {
    const cat = { type: 'object', required: ['kind', 'meows'], properties: { kind: { type: 'string' }, meows: { type: 'boolean' } } };
    const dog = { type: 'object', required: ['kind', 'barks'], properties: { kind: { type: 'string' }, barks: { type: 'boolean' } } };
    harness = await startRestHarness(
      document(
        {
          '/tagged': { get: { operationId: 'tagged', responses: answers({ type: 'array', items: ref('Pet') }) } },
          '/untagged': { get: { operationId: 'untagged', responses: answers({ type: 'array', items: { anyOf: [ref('Cat'), ref('Dog')] } }) } },
        },
        {
          Cat: cat,
          Dog: dog,
          Pet: {
            oneOf: [ref('Cat'), ref('Dog')],
            discriminator: { propertyName: 'kind', mapping: { kitty: '#/components/schemas/Cat', Dog: '#/components/schemas/Dog' } },
          },
        },
      ),
      (request, res) =>
        json(
          res,
          200,
          request.url === '/tagged'
            ? [
                { kind: 'kitty', meows: true },
                { kind: 'Dog', barks: false },
              ]
            : [
                { kind: 'x', barks: true },
                { kind: 'y', meows: false },
              ],
        ),
    );
    const selection = '{ __typename ... on Cat { meows } ... on Dog { barks } }';
    const { body } = await harness.gateway.query(`{ tagged ${selection} untagged ${selection} }`);
    expect(body).toEqual({
      data: {
        tagged: [
          { __typename: 'Cat', meows: true },
          { __typename: 'Dog', barks: false },
        ],
        untagged: [
          { __typename: 'Dog', barks: true },
          { __typename: 'Cat', meows: false },
        ],
      },
    });
  });

  it('tells union members apart by the JSON type of a property both declare', async () => {
    const text = { type: 'object', required: ['data'], properties: { data: { type: 'string' } } };
    const record = { type: 'object', required: ['data'], properties: { data: { type: 'object', properties: { id: { type: 'string' } } } } };
    harness = await startRestHarness(
      document(
        { '/items': { get: { operationId: 'items', responses: answers({ type: 'array', items: { oneOf: [ref('Text'), ref('Record')] } }) } } },
        { Text: text, Record: record },
      ),
      (_request, res) => json(res, 200, [{ data: { id: '7' } }, { data: 'seven' }]),
    );
    const { body } = await harness.gateway.query('{ items { __typename ... on Text { text: data } ... on Record { record: data { id } } } }');
    expect(body).toEqual({
      data: {
        items: [
          { __typename: 'Record', record: { id: '7' } },
          { __typename: 'Text', text: 'seven' },
        ],
      },
    });
  });

  it('answers true for no-content operations, strings for text and base64 for binary bodies', async () => {
    harness = await startRestHarness(
      document({
        '/thing': { delete: { operationId: 'removeThing', responses: { '204': { description: 'gone' } } } },
        '/note': { get: { operationId: 'note', responses: answers({ type: 'string' }, 'text/plain') } },
        '/logo': { get: { operationId: 'logo', responses: answers({ type: 'string', format: 'binary' }, 'image/png') } },
      }),
      (request, res) => {
        if (request.method === 'DELETE') res.writeHead(204).end();
        else if (request.url === '/note') res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
        else res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      },
    );
    expect((await harness.gateway.query('mutation { removeThing }')).body).toEqual({ data: { removeThing: true } });
    expect((await harness.gateway.query('{ note logo }')).body).toEqual({ data: { note: 'plain words', logo: 'iVBORw==' } });
    expect(harness.seen.find((request) => request.url === '/logo')!.headers.accept).toBe('image/png');
  });
});

describe('failures', () => {
  const single = document({ '/thing': { get: { operationId: 'thing', responses: answers({ type: 'object', properties: { name: { type: 'string' } } }) } } });

  it("turns a non-2xx answer into UPSTREAM_ERROR with the status, and the service's message only when the source exposes its errors", async () => {
    let status = 404;
    const handler: RestHandler = (_request, res) => {
      if (status === 404) json(res, 404, { error: { code: 'nope' }, message: 'thing 7 does not exist' });
      else res.writeHead(503, { 'content-type': 'text/html' }).end(`<html>${'x'.repeat(500)}</html>`);
    };
    harness = await startRestHarness(single, handler);
    expect((await harness.gateway.query('{ thing { name } }')).body).toEqual({
      data: { thing: null },
      errors: [
        expect.objectContaining({
          message: 'Source "api" answered HTTP 404',
          path: ['thing'],
          extensions: { code: 'UPSTREAM_ERROR', source: 'api', status: 404 },
        }),
      ],
    });
    await harness.close();
    harness = await startRestHarness(single, handler, 'exposeErrors: true\n');
    const missing = await harness.gateway.query('{ thing { name } }');
    expect(missing.body).toEqual({
      data: { thing: null },
      errors: [
        expect.objectContaining({
          message: 'Source "api" answered HTTP 404: thing 7 does not exist',
          path: ['thing'],
          extensions: { code: 'UPSTREAM_ERROR', source: 'api', status: 404 },
        }),
      ],
    });
    status = 503;
    const down = await harness.gateway.query('{ thing { name } }');
    expect(down.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_ERROR', source: 'api', status: 503 });
    expect(down.body.errors[0].message.length).toBeLessThan(260);
  });

  it('turns invalid JSON into UPSTREAM_ERROR', async () => {
    harness = await startRestHarness(single, (_request, res) => json(res, 200, '{"name": "trunc'));
    const { body } = await harness.gateway.query('{ thing { name } }');
    expect(body.errors[0]).toMatchObject({
      message: 'Source "api" answered HTTP 200 with a body that is not valid JSON',
      extensions: { code: 'UPSTREAM_ERROR', status: 200 },
    });
  });

  it('turns a body over maxResponseBytes into UPSTREAM_ERROR', async () => {
    harness = await startRestHarness(single, (_request, res) => json(res, 200, { name: 'y'.repeat(5000) }), 'maxResponseBytes: 1000\n');
    const { body } = await harness.gateway.query('{ thing { name } }');
    expect(body.errors[0]).toMatchObject({
      message: 'Source "api" sent a response larger than 1000 bytes',
      extensions: { code: 'UPSTREAM_ERROR', source: 'api' },
    });
  });

  it('turns a slow answer into UPSTREAM_TIMEOUT', async () => {
    harness = await startRestHarness(single, (_request, res) => setTimeout(() => json(res, 200, { name: 'late' }), 1000), 'timeout: 150ms\n');
    const { body } = await harness.gateway.query('{ thing { name } }');
    expect(body).toEqual({
      data: { thing: null },
      errors: [expect.objectContaining({ extensions: { code: 'UPSTREAM_TIMEOUT', source: 'api', timeoutMs: 150 } })],
    });
  });
});

describe('calls', () => {
  it('makes one call per root field and counts each in plexus_upstream_requests_total; readiness checks are not counted', async () => {
    harness = await startRestHarness(
      document({
        '/n/{n}': {
          get: {
            operationId: 'n',
            parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: answers({ type: 'integer' }),
          },
        },
      }),
      (request, res) => (request.method === 'HEAD' ? res.writeHead(404).end() : json(res, 200, request.url.split('/').pop())),
    );
    // Building the schema read the document only.
    expect(harness.seen).toEqual([]);
    const { body } = await harness.gateway.query('{ a: n(n: 1) b: n(n: 2) c: n(n: 3) }');
    expect(body).toEqual({ data: { a: 1, b: 2, c: 3 } });
    expect(await harness.gateway.metric('plexus_upstream_requests_total', { source: 'api' })).toBe(3);
    // Keep-alive: the next calls reuse the pool's connections.
    const opened = harness.upstream.connections;
    await harness.gateway.query('{ a: n(n: 4) b: n(n: 5) }');
    expect(harness.upstream.connections).toBe(opened);
    expect(await harness.gateway.metric('plexus_upstream_requests_total', { source: 'api' })).toBe(5);
    const ready = await fetch(`http://127.0.0.1:${harness.gateway.server.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(harness.seen.filter((request) => request.method === 'HEAD')).toHaveLength(1);
    expect(await harness.gateway.metric('plexus_upstream_requests_total', { source: 'api' })).toBe(5);
  });
});
