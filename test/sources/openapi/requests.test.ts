import { afterEach, describe, expect, it } from 'vitest';
import { document, json, startRestHarness, type RestHarness } from './support.js';

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } };
const echo = (_request: unknown, res: Parameters<Parameters<typeof startRestHarness>[1]>[1]) => json(res, 200, { ok: true });

describe('request building', () => {
  it('percent-encodes path parameters so that no value can change the path', async () => {
    harness = await startRestHarness(
      document({
        '/files/{name}/meta': {
          get: { operationId: 'file', parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], responses: ok },
        },
        '/items/{ids}': {
          get: {
            operationId: 'items',
            parameters: [{ name: 'ids', in: 'path', required: true, schema: { type: 'array', items: { type: 'integer' } } }],
            responses: ok,
          },
        },
        '/label/{x}': {
          get: {
            operationId: 'label',
            parameters: [{ name: 'x', in: 'path', required: true, style: 'label', schema: { type: 'array', items: { type: 'string' } } }],
            responses: ok,
          },
        },
        '/matrix/{x}': {
          get: {
            operationId: 'matrix',
            parameters: [{ name: 'x', in: 'path', required: true, style: 'matrix', explode: true, schema: { type: 'array', items: { type: 'string' } } }],
            responses: ok,
          },
        },
      }),
      echo,
    );
    const { body } = await harness.gateway.query(
      '{ a: file(name: "../admin") { ok } b: file(name: "a/b") { ok } c: file(name: "x?y#z %") { ok } d: items(ids: [1, 2]) { ok } e: label(x: ["p", "q"]) { ok } f: matrix(x: ["p", "q"]) { ok } }',
    );
    expect(body.errors).toBeUndefined();
    expect(harness.seen.map((request) => request.url).sort()).toEqual([
      '/files/..%2Fadmin/meta',
      '/files/a%2Fb/meta',
      '/files/x%3Fy%23z%20%25/meta',
      '/items/1,2',
      '/label/.p,q',
      '/matrix/;x=p;x=q',
    ]);
  });

  it('refuses a path parameter that would be a dot segment, without calling the service', async () => {
    harness = await startRestHarness(
      document({
        '/files/{name}': {
          get: { operationId: 'file', parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], responses: ok },
        },
      }),
      echo,
    );
    const { body } = await harness.gateway.query('{ a: file(name: "..") { ok } b: file(name: "") { ok } }');
    expect(body.data).toEqual({ a: null, b: null });
    expect(body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(harness.seen).toEqual([]);
  });

  it('serialises query parameters by style and explode', async () => {
    const array = { type: 'array', items: { type: 'string' } };
    const filter = { type: 'object', properties: { color: { type: 'string' }, size: { type: 'integer' } } };
    harness = await startRestHarness(
      document({
        '/search': {
          get: {
            operationId: 'search',
            parameters: [
              { name: 'tag', in: 'query', schema: array },
              { name: 'ids', in: 'query', explode: false, schema: array },
              { name: 'space', in: 'query', style: 'spaceDelimited', explode: false, schema: array },
              { name: 'pipe', in: 'query', style: 'pipeDelimited', explode: false, schema: array },
              { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: filter },
              { name: 'flat', in: 'query', schema: filter },
              { name: 'q', in: 'query', schema: { type: 'string' } },
              { name: 'raw', in: 'query', allowReserved: true, schema: { type: 'string' } },
              { name: 'json', in: 'query', content: { 'application/json': { schema: filter } } },
              { name: 'unset', in: 'query', schema: { type: 'string' } },
            ],
            responses: ok,
          },
        },
      }),
      echo,
    );
    const { body } = await harness.gateway.query(
      '{ search(tag: ["a", "b"], ids: ["1", "2"], space: ["x", "y"], pipe: ["x", "y"], filter: { color: "red", size: 2 }, flat: { color: "blue" }, q: "a&b=c d", raw: "/p?q=1", json: { size: 3 }) { ok } }',
    );
    expect(body.errors).toBeUndefined();
    expect(harness.seen[0]!.url).toBe(
      '/search?tag=a&tag=b&ids=1,2&space=x%20y&pipe=x%7Cy&filter%5Bcolor%5D=red&filter%5Bsize%5D=2&color=blue&q=a%26b%3Dc%20d&raw=/p?q=1&json=%7B%22size%22%3A3%7D',
    );
  });

  it('sends header and cookie parameters, forwarded headers and set headers, set ones winning', async () => {
    harness = await startRestHarness(
      document({
        '/me': {
          get: {
            operationId: 'me',
            parameters: [
              { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
              { name: 'X-Tenant', in: 'header', schema: { type: 'string' } },
            ],
            responses: ok,
          },
        },
      }),
      echo,
      'headers:\n  forward: [x-request-id, x-tenant]\n  set: { x-api-version: "2", x-tenant: fixed }\n',
    );
    const { body } = await harness.gateway.query('{ me(xTrace: "t-1", session: "s 1", xTenant: "mine") { ok } }', undefined, {
      'x-request-id': 'req-7',
      'x-tenant': 'client',
    });
    expect(body.errors).toBeUndefined();
    expect(harness.seen[0]!.headers).toMatchObject({
      'x-trace': 't-1',
      cookie: 'session=s%201',
      'x-request-id': 'req-7',
      'x-api-version': '2',
      'x-tenant': 'fixed',
    });
    const refused = await harness.gateway.query('{ me(xTrace: "a\\r\\nx-evil: 1") { ok } }');
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(harness.seen).toHaveLength(1);
  });

  it('satisfies apiKey, bearer and basic security schemes from source.yaml, and lets a forwarded header speak for the user', async () => {
    const securitySchemes = {
      key: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      token: { type: 'http', scheme: 'bearer' },
      basic: { type: 'http', scheme: 'basic' },
    };
    const op = (operationId: string, security: unknown[]) => ({ get: { operationId, security, responses: ok } });
    harness = await startRestHarness(
      document(
        {
          '/a': op('a', [{ key: [] }]),
          '/b': op('b', [{ queryKey: [] }]),
          '/c': op('c', [{ token: [] }]),
          '/d': op('d', [{ basic: [] }]),
          '/e': op('e', [{ missing: [] }, { key: [], token: [] }]),
          '/f': op('f', [{}]),
        },
        {},
        { components: { securitySchemes } },
      ),
      echo,
      'headers:\n  forward: [authorization]\nsecurity:\n  key: k-123\n  queryKey: q-456\n  token: t-789\n  basic: { username: ada, password: "s3cret" }\n',
    );
    await harness.gateway.query('{ a { ok } b { ok } c { ok } d { ok } e { ok } f { ok } }');
    const byPath = Object.fromEntries(harness.seen.map((request) => [request.url.split('?')[0], request]));
    expect(byPath['/a']!.headers['x-api-key']).toBe('k-123');
    expect(byPath['/b']!.url).toBe('/b?api_key=q-456');
    expect(byPath['/c']!.headers.authorization).toBe('Bearer t-789');
    expect(byPath['/d']!.headers.authorization).toBe(`Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
    expect(byPath['/e']!.headers).toMatchObject({ 'x-api-key': 'k-123', authorization: 'Bearer t-789' });
    expect(byPath['/f']!.headers['x-api-key']).toBeUndefined();
    harness.seen.length = 0;
    await harness.gateway.query('{ c { ok } }', undefined, { authorization: 'Bearer user-token' });
    expect(harness.seen[0]!.headers.authorization).toBe('Bearer user-token');
  });

  it('sends a query credential once, in place of a declared parameter of the same name', async () => {
    const securitySchemes = { queryKey: { type: 'apiKey', in: 'query', name: 'apikey' } };
    const parameters = [
      { name: 'apikey', in: 'query', schema: { type: 'string' } },
      { name: 'pair', in: 'query', schema: { type: 'string' } },
    ];
    harness = await startRestHarness(
      document(
        { '/rates': { get: { operationId: 'rates', parameters, security: [{ queryKey: [] }], responses: ok } } },
        {},
        { components: { securitySchemes } },
      ),
      echo,
      'security:\n  queryKey: q-456\n',
    );
    await harness.gateway.query('{ rates(apikey: "from-the-client", pair: "EURUSD") { ok } }');
    expect(harness.seen[0]!.url).toBe('/rates?pair=EURUSD&apikey=q-456');
  });
});

describe('request bodies', () => {
  const petSchema = {
    type: 'object',
    required: ['first-name'],
    properties: {
      'first-name': { type: 'string' },
      status: { type: 'string', enum: ['in-progress', 'done'] },
      weight: { type: 'integer', format: 'int64' },
      tags: { type: 'array', items: { type: 'string' } },
      owner: { type: 'object', properties: { 'e-mail': { type: 'string' } } },
    },
  };

  it("sends JSON with the service's property names, enum values and int64 digits", async () => {
    harness = await startRestHarness(
      document({
        '/pets': {
          post: {
            operationId: 'addPet',
            requestBody: { required: true, content: { 'application/json': { schema: petSchema } } },
            responses: { '201': { description: 'ok', content: { 'application/json': { schema: petSchema } } } },
          },
        },
      }),
      (request, res) => json(res, 201, request.body.toString()),
    );
    const { body } = await harness.gateway.query(
      'mutation { addPet(input: { firstName: "Rex", status: in_progress, weight: "9007199254740993", tags: ["a"], owner: { eMail: "o@x.io" } }) { firstName status weight tags owner { eMail } } }',
    );
    expect(body).toEqual({
      data: { addPet: { firstName: 'Rex', status: 'in_progress', weight: '9007199254740993', tags: ['a'], owner: { eMail: 'o@x.io' } } },
    });
    expect(harness.seen[0]!.headers['content-type']).toBe('application/json');
    expect(harness.seen[0]!.body.toString()).toBe(
      '{"first-name":"Rex","status":"in-progress","weight":9007199254740993,"tags":["a"],"owner":{"e-mail":"o@x.io"}}',
    );
  });

  it('sends application/x-www-form-urlencoded bodies', async () => {
    harness = await startRestHarness(
      document({
        '/pets': {
          post: {
            operationId: 'addPet',
            requestBody: { content: { 'application/x-www-form-urlencoded': { schema: petSchema } } },
            responses: { '204': { description: 'ok' } },
          },
        },
      }),
      (_request, res) => res.writeHead(204).end(),
    );
    const { body } = await harness.gateway.query('mutation { addPet(input: { firstName: "Rex & Co", tags: ["a", "b"], weight: 5 }) }');
    expect(body).toEqual({ data: { addPet: true } });
    expect(harness.seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(harness.seen[0]!.body.toString()).toBe('first-name=Rex%20%26%20Co&weight=5&tags=a&tags=b');
  });

  it('sends multipart/form-data bodies: text as it is, objects as JSON; file properties take uploads', async () => {
    const upload = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        file: { type: 'string', format: 'binary' },
        meta: { type: 'object', properties: { size: { type: 'integer' } } },
      },
    };
    harness = await startRestHarness(
      document({
        '/upload': {
          post: {
            operationId: 'upload',
            requestBody: { content: { 'multipart/form-data': { schema: upload, encoding: { file: { contentType: 'text/plain' } } } } },
            responses: { '204': { description: 'ok' } },
          },
        },
      }),
      (_request, res) => res.writeHead(204).end(),
    );
    const { body } = await harness.gateway.query('mutation { upload(input: { title: "notes", meta: { size: 10 } }) }');
    expect(body).toEqual({ data: { upload: true } });
    const request = harness.seen[0]!;
    const parsed = await new Response(new Uint8Array(request.body), { headers: { 'content-type': request.headers['content-type']! } }).formData();
    expect(parsed.get('title')).toBe('notes');
    expect(parsed.get('meta')).toBe('{"size":10}');
    // A file is an Upload of a multipart request (test/sources/openapi/uploads.test.ts); a string is refused before any call.
    const refused = await harness.gateway.query('mutation { upload(input: { file: "hello file" }) }');
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(harness.seen).toHaveLength(1);
  });
});
