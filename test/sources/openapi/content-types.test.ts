import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { document, loadOpenapi, startRestHarness, type RestHarness } from './support.js';

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const pet = { type: 'object', properties: { name: { type: 'string' } } };
const text = { type: 'string' };
const ok = (content: Record<string, unknown>) => ({ '200': { description: 'ok', content } });
const get = (operationId: string, content: Record<string, unknown>) => ({ get: { operationId, responses: ok(content) } });

/** Answers each path with the body and Content-Type listed for it. */
function answering(bodies: Record<string, [string | undefined, string | Buffer]>) {
  return (request: { url: string }, res: ServerResponse) => {
    const [type, body] = bodies[request.url] ?? ['text/plain', 'unknown path'];
    res.writeHead(200, type === undefined ? {} : { 'content-type': type }).end(body);
  };
}

describe('an answer is decoded by its Content-Type', () => {
  it('text answers to */* and to operations declaring JSON and text are the text; JSON answers are parsed', async () => {
    harness = await startRestHarness(
      document({
        // Kubernetes' pod log: `*/*` with a string schema.
        '/log': get('log', { '*/*': { schema: text } }),
        '/anything': get('anything', { '*/*': {} }),
        '/either': get('either', { 'application/json': { schema: text }, 'text/plain': { schema: text } }),
        '/quoted': get('quoted', { 'application/json': { schema: text }, 'text/plain': { schema: text } }),
        '/note': get('note', { 'text/plain': { schema: text } }),
      }),
      answering({
        '/log': ['text/plain; charset=utf-8', 'line 1\nline 2\n'],
        '/anything': ['text/plain', 'plain words'],
        '/either': ['text/plain', 'no quotes'],
        '/quoted': ['application/json', '"in quotes"'],
        '/note': ['application/json', '{"a": 1}'],
      }),
    );
    const { body } = await harness.gateway.query('{ log anything either quoted note }');
    expect(body).toEqual({ data: { log: 'line 1\nline 2\n', anything: 'plain words', either: 'no quotes', quoted: 'in quotes', note: '{"a": 1}' } });
    const accept = Object.fromEntries(harness.seen.map((request) => [request.url, request.headers.accept]));
    expect(accept).toEqual({
      '/log': '*/*',
      '/anything': '*/*',
      '/either': 'application/json, text/plain',
      '/quoted': 'application/json, text/plain',
      '/note': 'text/plain',
    });
  });

  it('text is read in the charset the answer names, and text that is not in it is an UPSTREAM_ERROR', async () => {
    harness = await startRestHarness(
      document({ '/latin': get('latin', { 'text/plain': { schema: text } }), '/broken': get('broken', { 'text/plain': { schema: text } }) }),
      answering({
        '/latin': ['text/plain; charset=ISO-8859-1', Buffer.from([0x63, 0x61, 0x66, 0xe9])],
        '/broken': ['text/plain', Buffer.from([0x63, 0xe9, 0x28])],
      }),
    );
    const { body } = await harness.gateway.query('{ latin broken }');
    expect(body.data).toEqual({ latin: 'café', broken: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['broken'],
        message: 'Source "api" answered HTTP 200 with text that is not valid utf-8',
        extensions: { code: 'UPSTREAM_ERROR', source: 'api', status: 200 },
      }),
    ]);
  });

  it('a declared object answered with text, or text answered with bytes, is an UPSTREAM_ERROR naming both types; what the service said is shown only when exposed', async () => {
    const openapi = document({
      '/pet': get('pet', { 'application/json': { schema: pet }, 'text/plain': { schema: pet } }),
      '/anything': get('anything', { '*/*': {} }),
      '/note': get('note', { 'text/plain': { schema: text } }),
    });
    const bodies = answering({
      '/pet': ['text/plain', 'database is down'],
      '/anything': ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
      '/note': ['application/octet-stream', Buffer.from([0xff, 0x00])],
    });
    harness = await startRestHarness(openapi, bodies);
    const { body } = await harness.gateway.query('{ pet { name } anything note }');
    expect(body.data).toEqual({ pet: null, anything: null, note: null });
    const failure = (path: string, message: string) =>
      expect.objectContaining({ path: [path], message, extensions: { code: 'UPSTREAM_ERROR', source: 'api', status: 200 } });
    expect(body.errors).toEqual([
      failure('pet', 'Source "api" answered HTTP 200 with text/plain where application/json is declared'),
      failure('anything', 'Source "api" answered HTTP 200 with image/png where */* (read as text) is declared'),
      failure('note', 'Source "api" answered HTTP 200 with application/octet-stream where text/plain is declared'),
    ]);
    await harness.close();
    harness = await startRestHarness(openapi, bodies, 'exposeErrors: true\n');
    const exposed = await harness.gateway.query('{ pet { name } }');
    expect(exposed.body.errors[0].message).toBe('Source "api" answered HTTP 200 with text/plain where application/json is declared: database is down');
  });

  it('binary content is base64 whatever it is answered as; empty bodies and a missing Content-Type keep working', async () => {
    harness = await startRestHarness(
      document({
        '/report': get('report', { 'application/pdf': { schema: { type: 'string', format: 'binary' } } }),
        '/blob': get('blob', { '*/*': { schema: { type: 'string', format: 'binary' } } }),
        '/nothing': get('nothing', { 'application/json': { schema: pet } }),
        '/unlabelled': get('unlabelled', { 'application/json': { schema: pet } }),
        '/silent': get('silent', { 'text/plain': { schema: text } }),
      }),
      answering({
        '/report': ['application/pdf', Buffer.from('%PDF')],
        '/blob': ['text/plain', Buffer.from([0xff, 0xfe])],
        '/nothing': ['text/plain', ''],
        '/unlabelled': [undefined, '{"name": "rex"}'],
        '/silent': [undefined, ''],
      }),
    );
    const { body } = await harness.gateway.query('{ report blob nothing { name } unlabelled { name } silent }');
    expect(body).toEqual({ data: { report: 'JVBERg==', blob: '//4=', nothing: null, unlabelled: { name: 'rex' }, silent: '' } });
  });

  it('maps */* without a schema to String, and with a schema to its type', async () => {
    const { sdl } = await loadOpenapi({
      'openapi.json': document({ '/anything': get('anything', { '*/*': {} }), '/pet': get('pet', { '*/*': { schema: pet } }) }),
    });
    expect(sdl).toMatch(/anything: String\n/);
    expect(sdl).toMatch(/pet: PetResponse\n/);
  });
});
