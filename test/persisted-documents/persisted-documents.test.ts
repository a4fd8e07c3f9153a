import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/config/problems.js';
import type { TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SECRET, token } from '../helpers/security.js';
import { catalogueProject, startCatalogue, type Catalogue } from '../cache/fixtures.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const PRODUCTS = 'query Products { products { id name } }';
const PRODUCT = 'query Product($id: ID!) { product(id: $id) { id name price } }';
const ME = 'query Me { me { id name } }';
// As GraphQL Code Generator writes it: `sha256:<hash of the document>` to document.
const MANIFEST = Object.fromEntries([PRODUCTS, PRODUCT, ME].map((document) => [`sha256:${sha256(document)}`, document]));

let catalogue: Catalogue;
let project: TempProject;
const started: TestGateway[] = [];

beforeAll(async () => {
  catalogue = await startCatalogue();
  project = await catalogueProject(catalogue, {
    'persisted-documents.json': JSON.stringify(MANIFEST, null, 2),
    'broken-manifest.json': JSON.stringify({ 'sha256:abc': 'query { products { id }' }),
    'schemas/cache.graphql': 'extend type Query {\n  me: Profile @cacheControl(scope: PRIVATE)\n}\n',
  });
});

afterAll(async () => {
  await Promise.all(started.map((gateway) => gateway.close()));
  await Promise.all([catalogue?.close(), project?.remove()]);
});

async function gatewayWith(config: Record<string, unknown>) {
  const gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, config });
  started.push(gateway);
  return gateway;
}

const postJson = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};
const get = (url: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql?${new URLSearchParams(params)}`, { headers: { accept: 'application/json', 'x-plexus-csrf': '1', ...headers } });
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('automatic persisted queries', () => {
  it('answers an unknown hash with PersistedQueryNotFound, learns the document, then runs it by hash', async () => {
    const { server } = await gatewayWith({ cache: { ttl: '60s' } });
    const query = '{ products { id price } }';
    const hash = sha256(query);
    const miss = await postJson(server.url, { extensions: apq(hash) });
    expect(miss.body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    const registered = await postJson(server.url, { query, extensions: apq(hash) });
    expect(registered.body.data.products).toHaveLength(2);

    const byHash = await postJson(server.url, { extensions: apq(hash) });
    expect(byHash.body).toEqual(registered.body);

    // By GET, an HTTP cache in front may keep the answer for as long as the gateway would.
    const viaGet = await get(server.url, { extensions: JSON.stringify(apq(hash)) });
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers.get('cache-control')).toMatch(/^public, max-age=(59|60)$/);
    expect(await viaGet.json()).toEqual(registered.body);

    const mismatch = await postJson(server.url, { query, extensions: apq(sha256('{ deals { id } }')) });
    expect(mismatch.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
  });
});

describe('trusted documents', () => {
  it('runs the documents of the manifest by id, by POST and by cacheable GET', async () => {
    const { server } = await gatewayWith({
      cache: { ttl: '60s' },
      auth: { jwtSecret: SECRET },
      persistedDocuments: { trusted: { manifest: 'persisted-documents.json' } },
    });
    const byId = await postJson(server.url, { documentId: `sha256:${sha256(PRODUCTS)}` });
    expect(byId.body.data.products).toHaveLength(2);
    // APQ clients send the bare hash in the extension.
    const byExtension = await postJson(server.url, { extensions: apq(sha256(PRODUCT)), variables: { id: '2' } });
    expect(byExtension.body.data.product.name).toBe('Desk');

    const params = { documentId: `sha256:${sha256(PRODUCT)}`, variables: JSON.stringify({ id: '1' }) };
    const first = await get(server.url, params);
    expect(first.status).toBe(200);
    expect((await first.json()).data.product.id).toBe('1');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=/);
    const again = await get(server.url, params, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);

    // PRIVATE data by GET: an HTTP cache may keep it for that user only.
    const mine = await get(server.url, { documentId: `sha256:${sha256(ME)}` }, { authorization: `Bearer ${await token({ sub: 'alice' }, 'secret')}` });
    expect((await mine.json()).data.me.id).toBe('alice');
    expect(mine.headers.get('cache-control')).toMatch(/^private, max-age=/);
  });

  it('refuses unknown ids, documents sent in full and APQ registrations, with a clear error', async () => {
    const { server } = await gatewayWith({ persistedDocuments: { trusted: { manifest: 'persisted-documents.json' } } });
    const calls = catalogue.calls();
    const unknown = await postJson(server.url, { documentId: 'sha256:0000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.body.errors[0].message).toMatch(/^Unknown document id "sha256:0000": it is not in the trusted documents manifest/);

    const arbitrary = await postJson(server.url, { query: PRODUCTS });
    expect(arbitrary.status).toBe(400);
    expect(arbitrary.body.errors[0].message).toMatch(/^This gateway runs trusted documents only/);

    const registration = await postJson(server.url, { query: '{ deals { id } }', extensions: apq(sha256('{ deals { id } }')) });
    expect(registration.status).toBe(400);
    expect(registration.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(catalogue.calls()).toBe(calls);
  });

  it('with allowArbitrary, runs listed ids and any document', async () => {
    const { server } = await gatewayWith({ persistedDocuments: { trusted: { manifest: 'persisted-documents.json', allowArbitrary: true } } });
    expect((await postJson(server.url, { documentId: `sha256:${sha256(PRODUCTS)}` })).body.data.products).toHaveLength(2);
    expect((await postJson(server.url, { query: '{ deals { id } }' })).body.data.deals).toHaveLength(1);
    // An unknown id falls back to APQ's round trip.
    expect((await postJson(server.url, { extensions: apq(sha256('{ news { id } }')) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses to start with a manifest it cannot use, naming the file and the document', async () => {
    const broken = await gatewayWith({ persistedDocuments: { trusted: { manifest: 'broken-manifest.json' } } }).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(ConfigurationError);
    expect((broken as Error).message).toMatch(/^broken-manifest\.json: document "sha256:abc": Syntax Error/);
    const missing = await gatewayWith({ persistedDocuments: { trusted: { manifest: 'nowhere.json' } } }).catch((error: unknown) => error);
    expect((missing as Error).message).toMatch(/^nowhere\.json: cannot read the trusted documents manifest/);
  });
});
