import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFailure, loadConfigFrom } from '../helpers/config.js';
import type { TestGateway } from '../helpers/gateway.js';
import { startSourceProject, type SourceProject } from '../helpers/security.js';

const EVIL = 'https://evil.example';
const APP = 'https://app.example.com';

let project: SourceProject;

beforeAll(async () => {
  project = await startSourceProject('type Query { hello: String }\n', { Query: { hello: () => 'hi' } });
});

afterAll(() => project.close());

const gatewayWith = (cors: unknown) => project.gateway(cors === undefined ? {} : { config: { cors } });

/** A browser's preflight for a JSON POST with an Authorization header. */
const preflight = (gateway: TestGateway, origin: string) =>
  fetch(`${gateway.server.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });

/** The request a browser sends after the preflight. */
const post = (gateway: TestGateway, origin: string) =>
  fetch(`${gateway.server.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ hello }' }),
  });

const corsHeaders = (response: Response) => ({
  origin: response.headers.get('access-control-allow-origin'),
  credentials: response.headers.get('access-control-allow-credentials'),
});

describe('CORS by default', () => {
  it('lets any origin read answers, without credentials, on the preflight and the request', async () => {
    const gateway = await gatewayWith(undefined);
    const answers = [await preflight(gateway, EVIL), await post(gateway, EVIL)];
    expect(answers[0]!.status).toBe(204);
    expect(await answers[1]!.json()).toEqual({ data: { hello: 'hi' } });
    for (const answer of answers) expect(corsHeaders(answer)).toEqual({ origin: EVIL, credentials: null });
  });

  it('sends no CORS headers with cors: false', async () => {
    const gateway = await gatewayWith(false);
    for (const answer of [await preflight(gateway, APP), await post(gateway, APP)]) expect(corsHeaders(answer)).toEqual({ origin: null, credentials: null });
  });
});

describe('CORS with an allow-list', () => {
  let withCredentials: TestGateway;
  let withoutCredentials: TestGateway;
  beforeAll(async () => {
    const origins = [APP, 'https://*.example.org', 'http://localhost:*'];
    withCredentials = await gatewayWith({ origins, credentials: true, maxAge: 600 });
    withoutCredentials = await gatewayWith({ origins: origins.join(',') });
  });

  it('answers a listed origin by name, with credentials when configured', async () => {
    const [checked, request] = [await preflight(withCredentials, APP), await post(withCredentials, APP)];
    expect(checked.status).toBe(204);
    expect(checked.headers.get('access-control-max-age')).toBe('600');
    expect(checked.headers.get('vary')).toContain('Origin');
    for (const answer of [checked, request]) expect(corsHeaders(answer)).toEqual({ origin: APP, credentials: 'true' });
    for (const answer of [await preflight(withoutCredentials, APP), await post(withoutCredentials, APP)]) {
      expect(corsHeaders(answer)).toEqual({ origin: APP, credentials: null });
    }
  });

  it('gives an unlisted origin no CORS header at all, on the preflight and the request', async () => {
    for (const gateway of [withCredentials, withoutCredentials]) {
      const checked = await preflight(gateway, EVIL);
      expect(checked.headers.get('access-control-allow-methods')).toBeNull();
      for (const answer of [checked, await post(gateway, EVIL)]) expect(corsHeaders(answer)).toEqual({ origin: null, credentials: null });
    }
  });

  it.each([
    ['https://a.example.org', true],
    ['https://a.b.example.org', true],
    ['HTTPS://A.EXAMPLE.ORG', true],
    ['http://localhost:5173', true],
    ['http://localhost', true],
    ['https://example.org', false],
    ['https://example.org.evil.example', false],
    ['https://a.example.org.evil.example', false],
    ['https://evilexample.org', false],
    ['https://a-example.org', false],
    ['http://a.example.org', false],
    ['https://a.example.org:8443', false],
    ['https://app.example.com.evil.example', false],
    ['https://appxexample.com', false],
    ['https://app.example.com:444', false],
    ['https://app.example.com/path', false],
    ['https://*.example.org', false],
    ['http://localhost.evil.example:5173', false],
    ['null', false],
  ])('matches %s against the patterns: %s', async (origin, allowed) => {
    const answer = corsHeaders(await preflight(withCredentials, origin));
    expect(answer).toEqual(allowed ? { origin, credentials: 'true' } : { origin: null, credentials: null });
  });
});

describe('CORS configuration', () => {
  it('reads the allow-list and credentials from the environment, and the former key name from the file', async () => {
    const fromEnv = await loadConfigFrom(undefined, {
      PLEXUS_CORS_ORIGINS: `${APP}, https://*.example.org`,
      PLEXUS_CORS_CREDENTIALS: 'true',
      PLEXUS_CORS_MAX_AGE: '60',
    });
    expect(fromEnv.cors).toMatchObject({ enabled: true, credentials: true, maxAge: 60, origins: [{ source: APP }, { host: 'example.org', subdomains: true }] });
    expect((await loadConfigFrom(`cors:\n  origin: ${APP}\n`)).cors.origins).toEqual([expect.objectContaining({ host: 'app.example.com', subdomains: false })]);
    expect((await loadConfigFrom('cors: true\n')).cors).toEqual({ enabled: true, origins: '*', credentials: false });
    expect((await loadConfigFrom(undefined, { PLEXUS_CORS: 'false' })).cors.enabled).toBe(false);
  });

  it.each([
    ['cors:\n  credentials: true\n', 'gateway.yaml:2: "cors.credentials": credentials need an allow-list'],
    ['cors:\n  origins: ["*"]\n  credentials: true\n', 'gateway.yaml:3: "cors.credentials": credentials need an allow-list'],
    ['cors:\n  origins: ["https://*example.com"]\n', 'gateway.yaml:2: "cors.origins.0": "https://*example.com" is not an origin or origin pattern'],
    ['cors:\n  origins: [https://a.example.com, "https://app.*.com"]\n', '"cors.origins.1": "https://app.*.com" is not an origin'],
    ['cors:\n  origins: [https://a.example.com/graphql]\n', '"cors.origins.0": "https://a.example.com/graphql" is not an origin'],
    ['cors:\n  origins: ["null"]\n', '"cors.origins.0": "null" is not an origin'],
    [`cors:\n  origin: ${APP}\n  origins: [${APP}]\n`, 'gateway.yaml:2: "cors.origin": is the former name of "origins": give only "origins"'],
  ])('refuses %j naming the key', async (yaml, message) => {
    expect(await configFailure(yaml)).toContain(message);
  });

  it('names the environment variable that asks for credentials without an allow-list', async () => {
    expect(await configFailure(undefined, { PLEXUS_CORS_CREDENTIALS: 'true' })).toContain('environment variable PLEXUS_CORS_CREDENTIALS');
  });
});
