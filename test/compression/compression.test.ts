import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { loadConfigFrom } from '../helpers/config.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

// Answers are compressed as the client's Accept-Encoding asks, streams event by event; request
// bodies may come compressed, and count against limits.maxBodySize once decoded.

const FAN_OUT = '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }';
const SMALL = '{ __typename }';
const WATCH = 'subscription { watchOrders(userId: "3", limit: 0) { id status } }';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request over node:http, which neither asks for nor decodes any coding by itself. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

const json = { 'content-type': 'application/json', accept: 'application/json' };
const post = (gateway: TestGateway, query: string, headers: Record<string, string> = {}) =>
  send(`${gateway.server.url}/graphql`, { headers: { ...json, ...headers }, body: JSON.stringify({ query }) });

function decode(response: RawResponse): string {
  const coding = response.headers['content-encoding'];
  if (coding === 'gzip') return zlib.gunzipSync(response.body).toString('utf8');
  if (coding === 'br') return zlib.brotliDecompressSync(response.body).toString('utf8');
  expect(coding).toBeUndefined();
  return response.body.toString('utf8');
}

/** Opens a stream and reads until `wanted` decoded text has arrived, then leaves. */
function readStream(
  url: string,
  query: string,
  accept: string,
  acceptEncoding: string,
  wanted: RegExp,
): Promise<{ headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', accept, 'accept-encoding': acceptEncoding } },
      (response: IncomingMessage) => {
        const decoder = response.headers['content-encoding'] === 'br' ? zlib.createBrotliDecompress() : zlib.createGunzip();
        let text = '';
        response.pipe(decoder);
        decoder.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (wanted.test(text)) {
            request.destroy();
            resolve({ headers: response.headers, text });
          }
        });
        decoder.on('error', reject);
      },
    );
    request.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
    request.end(JSON.stringify({ query }));
  });
}

describe('compression', () => {
  let demo: DemoServices;
  let gateway: TestGateway;
  let cached: TestGateway;
  let off: TestGateway;
  let plainAnswer: string;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    [gateway, cached, off] = await Promise.all([
      startDemoGateway({ env: demo.env, config: { limits: { maxBodySize: '64kb' } } }),
      startDemoGateway({ env: demo.env, config: { cache: { ttl: '1h' }, compression: { encodings: ['gzip'] } } }),
      startDemoGateway({ env: demo.env, config: { compression: { enabled: false } } }),
    ]);
    const plain = await post(gateway, FAN_OUT, { 'accept-encoding': 'identity' });
    plainAnswer = plain.body.toString('utf8');
    expect(JSON.parse(plainAnswer).data.users).toHaveLength(50);
  });
  afterAll(async () => {
    await Promise.all([gateway?.close(), cached?.close(), off?.close()]);
    await demo?.close();
  });

  it.each([
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.2, gzip;q=0.8', 'gzip'],
    ['GZIP;Q=1, br;q=0', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *;q=0.5', 'gzip'],
    ['identity', undefined],
    ['gzip;q=0, br;q=0', undefined],
    ['*;q=0', undefined],
    ['deflate', undefined],
    ['', undefined],
  ])('Accept-Encoding %j answers in %s, the same answer once decoded', async (acceptEncoding, coding) => {
    const response = await post(gateway, FAN_OUT, { 'accept-encoding': acceptEncoding });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(coding);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(response.headers['content-length'])).toBe(response.body.byteLength);
    if (coding) expect(response.body.byteLength).toBeLessThan(plainAnswer.length / 4);
    expect(decode(response)).toBe(plainAnswer);
  });

  it('leaves an answer under the threshold uncompressed', async () => {
    const response = await post(gateway, SMALL, { 'accept-encoding': 'gzip, br' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
  });

  it('compresses each SSE event as it comes, not at the end of the stream', async () => {
    // The stream never ends (limit 0): the first event arrives only if the compressor flushes it.
    for (const coding of ['gzip', 'br']) {
      const { headers, text } = await readStream(`${gateway.server.url}/graphql`, WATCH, 'text/event-stream', coding, /event: next\ndata: .*\n\n/);
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      expect(headers['content-encoding']).toBe(coding);
      const data = /data: (.*)\n/.exec(text)![1]!;
      expect(JSON.parse(data).data.watchOrders).toMatchObject({ id: '11', status: expect.any(String) });
    }
  });

  it('compresses multipart answers as a stream', async () => {
    // Subscriptions go over SSE only; a query asked for as multipart/mixed is answered in one part.
    const response = await post(gateway, FAN_OUT, { accept: 'multipart/mixed', 'accept-encoding': 'gzip' });
    expect(response.headers['content-type']).toMatch(/^multipart\/mixed/);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-length']).toBeUndefined();
    expect(decode(response)).toContain(plainAnswer.slice(0, -1));
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
    [' GZip ', zlib.gzipSync],
  ] as const)('accepts a request body in %j', async (coding, compress) => {
    const body = compress(Buffer.from(JSON.stringify({ query: FAN_OUT })));
    const response = await send(`${gateway.server.url}/graphql`, { headers: { ...json, 'content-encoding': coding }, body });
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toBe(plainAnswer);
  });

  it('refuses with 413 a small body that inflates past limits.maxBodySize', async () => {
    // 16 MB of JSON whitespace in 16 KB of gzip; the limit is 64 KB, and decoding stops there.
    const bomb = zlib.gzipSync(Buffer.from(`{"query": "{ __typename }"${' '.repeat(16 * 1024 * 1024)}}`));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const response = await send(`${gateway.server.url}/graphql`, { headers: { ...json, 'content-encoding': 'gzip' }, body: bomb });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body.toString('utf8')).errors[0]).toEqual({
      message: 'Request body is larger than limits.maxBodySize (65536 bytes) once decoded from gzip',
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
    // A body that decodes to less than the limit passes.
    const within = zlib.gzipSync(Buffer.from(`{"query": "{ __typename }"${' '.repeat(60 * 1024)}}`));
    expect((await send(`${gateway.server.url}/graphql`, { headers: { ...json, 'content-encoding': 'gzip' }, body: within })).status).toBe(200);
  });

  it.each([
    ['compress', 'is not supported'],
    ['gzip, br', 'applies several codings'],
  ])('refuses Content-Encoding %j with 415, naming the supported codings', async (coding, problem) => {
    const response = await send(`${gateway.server.url}/graphql`, { headers: { ...json, 'content-encoding': coding }, body: JSON.stringify({ query: SMALL }) });
    expect(response.status).toBe(415);
    expect(response.headers['accept-encoding']).toMatch(/gzip, deflate, br/);
    const [error] = JSON.parse(response.body.toString('utf8')).errors;
    expect(error.extensions.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('gzip, deflate, br');
  });

  it('answers cache hits from the fast path compressed, with a weak ETag that still validates', async () => {
    const first = await post(cached, FAN_OUT, { 'accept-encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(decode(first)).toBe(plainAnswer);
    const fastHits = await cached.metric('plexus_response_cache_fast_hits_total');

    // compression.encodings is [gzip] on this gateway: br alone gets no coding.
    const [gzip, br, identity] = await Promise.all([
      post(cached, FAN_OUT, { 'accept-encoding': 'br, gzip;q=0.5' }),
      post(cached, FAN_OUT, { 'accept-encoding': 'br' }),
      post(cached, FAN_OUT),
    ]);
    expect(await cached.metric('plexus_response_cache_fast_hits_total')).toBe(fastHits + 3);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decode(gzip)).toBe(plainAnswer);
    expect(br.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(decode(br)).toBe(plainAnswer);
    for (const answer of [gzip, br, identity]) expect(answer.headers.vary).toBe('Accept-Encoding');

    // The compressed bytes carry a weak validator, the plain ones the strong one of the same content.
    expect(gzip.headers.etag).toBe(first.headers.etag);
    expect(gzip.headers.etag).toBe(`W/${identity.headers.etag}`);
    const revalidated = await post(cached, FAN_OUT, { 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.etag).toBe(gzip.headers.etag);
    expect(revalidated.headers.vary).toMatch(/accept-encoding/i);
    // A client holding the plain bytes is told their strong validator.
    const plainRevalidated = await post(cached, FAN_OUT, { 'accept-encoding': 'gzip', 'if-none-match': identity.headers.etag! });
    expect(plainRevalidated.status).toBe(304);
    expect(plainRevalidated.headers.etag).toBe(identity.headers.etag);
  });

  it('compresses nothing when compression.enabled is false', async () => {
    const response = await post(off, FAN_OUT, { 'accept-encoding': 'gzip, br' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBeUndefined();
    expect(response.body.toString('utf8')).toBe(plainAnswer);
  });

  it('reads its configuration, naming a wrong coding', async () => {
    const config = await loadConfigFrom(undefined, { PLEXUS_COMPRESSION_ENCODINGS: 'gzip, br', PLEXUS_COMPRESSION_THRESHOLD: '2kb' });
    expect(config.compression).toEqual({ enabled: true, threshold: 2048, encodings: ['gzip', 'br'] });
    const error = await loadConfigFrom('compression:\n  encodings: [gzip, lzma]\n').catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('gateway.yaml:2: "compression.encodings.1"');
  });
});
