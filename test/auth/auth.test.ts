import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SignJWT, exportSPKI, importJWK } from 'jose';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { capturedLogger } from '../helpers/operations.js';
import type { Logger } from '../../src/logger.js';
import {
  SECRET,
  signingKey,
  startJwksServer,
  startRecordingUpstream,
  token,
  unsignedToken,
  type JwksServer,
  type RecordingUpstream,
  type SigningKey,
} from '../helpers/security.js';

const SDL = 'type Query { hello: String, whoami: String }\n';
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'plexus';

let upstream: RecordingUpstream;
let project: TempProject;
let jwks: JwksServer;
let keyA: SigningKey;
let keyB: SigningKey;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  upstream = await startRecordingUpstream(SDL, {
    Query: { hello: () => 'hi', whoami: (_root: unknown, _args: unknown, context: { request: Request }) => context.request.headers.get('x-user-id') },
  });
  project = await tempProject({
    'sources/accounts/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\nheaders:\n  claims: { x-user-id: sub }\n`,
    'sources/accounts/schema.graphql': SDL,
  });
  [keyA, keyB] = await Promise.all([signingKey('key-a'), signingKey('key-b', 'ES256')]);
  jwks = await startJwksServer([keyA]);
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await Promise.all([upstream.close(), jwks.close(), project.remove()]);
});

async function gatewayWith(auth: Record<string, unknown>, logger?: Logger): Promise<TestGateway> {
  const gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    config: { auth },
    ...(logger && { logger }),
  });
  gateways.push(gateway);
  return gateway;
}

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

describe('JWT with a JWKS URL (optional mode)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, jwks: { cooldown: 0 } });
  });
  const valid = (claims = {}, options = {}) => token({ sub: 'user-1', ...claims }, keyA, { issuer: ISSUER, audience: AUDIENCE, ...options });

  it('lets an anonymous request through as anonymous: no claim header reaches the source', async () => {
    const before = upstream.headers.length;
    const { status, body } = await gateway.query('{ hello whoami }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { hello: 'hi', whoami: null } });
    expect(upstream.headers.slice(before).every((headers) => headers['x-user-id'] === undefined)).toBe(true);
  });

  it('verifies a valid token and forwards its sub claim to the source as x-user-id', async () => {
    const { status, body } = await gateway.query('{ whoami }', undefined, bearer(await valid()));
    expect(status).toBe(200);
    expect(body).toEqual({ data: { whoami: 'user-1' } });
  });

  it.each([
    ['expired', () => valid({}, { expiresIn: -3600 }), 'The token has expired', 'expired'],
    ['not yet valid', () => valid({}, { notBefore: 3600 }), 'The token is not valid yet', 'not_yet_valid'],
    ['for another audience', () => valid({}, { audience: 'someone-else' }), 'The token audience is not accepted', 'audience'],
    ['from another issuer', () => valid({}, { issuer: 'https://evil.test' }), 'The token issuer is not accepted', 'issuer'],
    ['without an expiry', () => valid({}, { expiresIn: null }), 'The token claims are not valid', 'claims'],
    ['unsigned (alg none)', async () => unsignedToken({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE }), 'The token algorithm is not accepted', 'algorithm'],
    [
      'signed with a key that is not published, under a published kid',
      async () => token({ sub: 'x' }, await signingKey('key-a'), { issuer: ISSUER, audience: AUDIENCE }),
      'The token signature is not valid',
      'signature',
    ],
    [
      'signed with an unknown kid',
      async () => token({ sub: 'x' }, await signingKey('nobody-knows-me'), { issuer: ISSUER, audience: AUDIENCE }),
      'No known key matches the token',
      'unknown_key',
    ],
    ['garbage', async () => 'not.a-jwt', 'The token is malformed', 'malformed'],
  ])('refuses a token that is %s with 401 UNAUTHENTICATED', async (_name, make, message, reason) => {
    const before = await gateway.metric('plexus_auth_rejected_total', { reason });
    const calls = upstream.queries.length;
    const { status, body } = await gateway.query('{ whoami }', undefined, bearer(await make()));
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [expect.objectContaining({ message, extensions: { code: 'UNAUTHENTICATED' } })] });
    expect(upstream.queries.length).toBe(calls);
    expect(await gateway.metric('plexus_auth_rejected_total', { reason })).toBe(before + 1);
  });

  it('refuses an HS256 token signed with the public key as its secret (algorithm confusion)', async () => {
    const publicKeyBytes = new TextEncoder().encode(JSON.stringify(keyA.jwk));
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(publicKeyBytes);
    const { status, body } = await gateway.query('{ whoami }', undefined, bearer(forged));
    expect(status).toBe(401);
    expect(body.errors[0]).toMatchObject({ message: 'The token algorithm is not accepted', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a present header that holds no Bearer token instead of treating the caller as anonymous', async () => {
    const response = await gateway.query('{ whoami }', undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(response.status).toBe(401);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('names the problem in WWW-Authenticate', async () => {
    const response = await fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await valid({}, { expiresIn: -3600 })) },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The token has expired"');
  });

  it('follows a key rotation: a new kid makes it fetch the key set again; a retired key stops working', async () => {
    jwks.publish([keyB]);
    const fetched = jwks.fetches();
    const rotated = await token({ sub: 'user-2' }, keyB, { issuer: ISSUER, audience: AUDIENCE });
    expect((await gateway.query('{ whoami }', undefined, bearer(rotated))).body).toEqual({ data: { whoami: 'user-2' } });
    expect(jwks.fetches()).toBe(fetched + 1);
    const retired = await valid();
    expect((await gateway.query('{ whoami }', undefined, bearer(retired))).status).toBe(401);
    jwks.publish([keyA]);
  });
});

describe('JWKS refetch cooldown', () => {
  it('does not fetch the key set again for every unknown kid', async () => {
    jwks.publish([keyA]);
    const gateway = await gatewayWith({ jwksUrl: jwks.url, jwks: { cooldown: '30s' } });
    const fetched = jwks.fetches();
    expect((await gateway.query('{ whoami }', undefined, bearer(await token({ sub: 'u' }, keyA)))).body.data).toEqual({ whoami: 'u' });
    expect(jwks.fetches()).toBe(fetched + 1);
    for (let attempt = 0; attempt < 5; attempt++) {
      const stranger = await token({ sub: 'u' }, keyA, { kid: `unknown-${attempt}` });
      expect((await gateway.query('{ whoami }', undefined, bearer(stranger))).status).toBe(401);
    }
    expect(jwks.fetches()).toBe(fetched + 1);
  });
});

describe('JWKS fetch failures', () => {
  let failing: JwksServer;
  beforeAll(async () => {
    failing = await startJwksServer([keyA]);
  });
  afterAll(() => failing.close());
  afterEach(() => {
    vi.useRealTimers();
    failing.failWith(undefined);
  });

  const COULD_NOT_VERIFY = { errors: [expect.objectContaining({ message: 'The token could not be verified', extensions: { code: 'UNAUTHENTICATED' } })] };
  const logged = (records: Record<string, unknown>[], text: string) => records.filter((record) => String(record['msg']).includes(text)).length;

  it('fetches a failing key set once per cooldown however many tokens arrive, and logs the outage once', async () => {
    failing.failWith(500);
    const log = capturedLogger();
    const gateway = await gatewayWith({ jwksUrl: failing.url, jwks: { cooldown: '10m' } }, log.logger);
    const jwt = await token({ sub: 'u' }, keyA);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => gateway.query('{ whoami }', undefined, bearer(jwt))));
    const sequential = [];
    for (let attempt = 0; attempt < 10; attempt++) sequential.push(await gateway.query('{ whoami }', undefined, bearer(jwt)));

    expect(failing.fetches()).toBe(1);
    for (const { status, body } of [...concurrent, ...sequential]) {
      expect(status).toBe(401);
      expect(body).toEqual(COULD_NOT_VERIFY);
    }
    // Nothing about the key set endpoint reaches the client.
    const answers = JSON.stringify([...concurrent, ...sequential]);
    for (const secret of [new URL(failing.url).host, 'jwks', 'db-7', '500']) expect(answers).not.toContain(secret);
    expect(await gateway.metric('plexus_auth_rejected_total', { reason: 'key_set_unavailable' })).toBe(20);
    expect(logged(log.records(), 'key set is unavailable')).toBe(1);
  });

  it('asks again once the cooldown has passed, and logs once that the key set is back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    failing.failWith(503);
    const log = capturedLogger();
    const gateway = await gatewayWith({ jwksUrl: failing.url, jwks: { cooldown: '30s' } }, log.logger);
    const fetched = failing.fetches();
    const jwt = await token({ sub: 'back' }, keyA);
    expect((await gateway.query('{ whoami }', undefined, bearer(jwt))).body).toEqual(COULD_NOT_VERIFY);
    failing.failWith(undefined);
    // Still within the cooldown of the failed fetch: refused without asking.
    expect((await gateway.query('{ whoami }', undefined, bearer(jwt))).body).toEqual(COULD_NOT_VERIFY);
    expect(failing.fetches()).toBe(fetched + 1);

    vi.setSystemTime(Date.now() + 30_001);
    expect((await gateway.query('{ whoami }', undefined, bearer(jwt))).body).toEqual({ data: { whoami: 'back' } });
    expect(failing.fetches()).toBe(fetched + 2);
    expect(logged(log.records(), 'key set is unavailable')).toBe(1);
    expect(logged(log.records(), 'key set is available again')).toBe(1);
  });

  it('keeps verifying tokens of cached keys while a failed refetch cools down', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const gateway = await gatewayWith({ jwksUrl: failing.url, jwks: { cooldown: '30s' } });
    const fetched = failing.fetches();
    const known = await token({ sub: 'known' }, keyA);
    expect((await gateway.query('{ whoami }', undefined, bearer(known))).body).toEqual({ data: { whoami: 'known' } });

    vi.setSystemTime(Date.now() + 30_001);
    failing.failWith(500);
    const stranger = await token({ sub: 'x' }, keyA, { kid: 'not-published' });
    // An unknown kid makes it ask again; that fetch fails.
    expect((await gateway.query('{ whoami }', undefined, bearer(stranger))).body).toEqual(COULD_NOT_VERIFY);
    expect(failing.fetches()).toBe(fetched + 2);
    expect((await gateway.query('{ whoami }', undefined, bearer(known))).body).toEqual({ data: { whoami: 'known' } });
    expect((await gateway.query('{ whoami }', undefined, bearer(stranger))).body).toEqual(COULD_NOT_VERIFY);
    expect(failing.fetches()).toBe(fetched + 2);
  });
});

describe('JWT with a shared secret', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({ jwtSecret: SECRET, required: true });
  });

  it('accepts an HS256 token signed with the secret', async () => {
    expect((await gateway.query('{ whoami }', undefined, bearer(await token({ sub: 'hs-user' }, 'secret')))).body).toEqual({ data: { whoami: 'hs-user' } });
  });

  it('refuses an RS256 token: public-key algorithms are not allowed without keys', async () => {
    const { status, body } = await gateway.query('{ whoami }', undefined, bearer(await token({ sub: 'x' }, keyA)));
    expect(status).toBe(401);
    expect(body.errors[0].message).toBe('The token algorithm is not accepted');
  });

  it('in required mode still serves the GraphiQL page, whose requests then carry the token', async () => {
    const page = await fetch(`${gateway.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
  });

  it('in required mode refuses an anonymous request with 401 before any upstream call', async () => {
    const calls = upstream.queries.length;
    const { status, body } = await gateway.query('{ hello }');
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [expect.objectContaining({ message: 'A token is required', extensions: { code: 'UNAUTHENTICATED' } })] });
    expect(upstream.queries.length).toBe(calls);
  });
});

describe('JWT with both a secret and a key set', () => {
  it('never verifies an HS256 token with a public key, even when HS256 is allowed', async () => {
    const gateway = await gatewayWith({ jwtSecret: SECRET, jwksUrl: jwks.url });
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JSON.stringify(keyA.jwk)));
    const { status, body } = await gateway.query('{ whoami }', undefined, bearer(forged));
    expect(status).toBe(401);
    expect(body.errors[0].message).toBe('The token signature is not valid');
    expect((await gateway.query('{ whoami }', undefined, bearer(await token({ sub: 'rs' }, keyA)))).body.data).toEqual({ whoami: 'rs' });
  });
});

describe('JWT with static public keys', () => {
  it('verifies with a PEM key given in the config, and honours a custom header without scheme', async () => {
    const gateway = await gatewayWith({
      header: 'X-Access-Token',
      scheme: '',
      publicKeys: [{ kid: keyA.kid, alg: 'RS256', pem: await exportSPKI((await importJWK(keyA.jwk, 'RS256', { extractable: true })) as CryptoKey) }],
    });
    const jwt = await token({ sub: 'pem-user' }, keyA);
    expect((await gateway.query('{ whoami }', undefined, { 'x-access-token': jwt })).body).toEqual({ data: { whoami: 'pem-user' } });
    expect((await gateway.query('{ whoami }', undefined, { 'x-access-token': await token({ sub: 'x' }, keyB) })).status).toBe(401);
  });
});
