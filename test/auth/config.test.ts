import { loadConfigFrom as load } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/config/problems.js';
import { clientAddress } from '../../src/rate-limit/caller-key.js';
import { takeTokens } from '../../src/rate-limit/token-bucket.js';

async function problems(yaml: string | undefined, env: Record<string, string> = {}): Promise<string> {
  const error = await load(yaml, env).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

describe('security configuration', () => {
  it('has safe defaults: auth off, limits on, rate limiting off, CSRF on, in-memory store', async () => {
    const config = await load(undefined);
    expect(config.auth).toMatchObject({ enabled: false, required: false, header: 'authorization', scheme: 'Bearer', clockTolerance: 30_000, algorithms: [] });
    expect(config.limits).toEqual({
      maxDepth: 10,
      maxCost: 5000,
      maxAliases: 15,
      maxDirectives: 50,
      maxTokens: 1000,
      maxIntrospectionDepth: 25,
      maxInputDepth: 128,
      listItemCost: 1,
      blockFieldSuggestions: true,
      maxBodySize: 1024 * 1024,
      maxBatchSize: 0,
    });
    expect(config.rateLimit).toMatchObject({ enabled: false, window: 60_000, store: 'memory', onStoreError: 'open', trustedProxies: 0 });
    expect(config.rateLimit.apiKeyHeader).toBeUndefined();
    expect(config.redis).toMatchObject({ url: 'redis://127.0.0.1:6379', commandTimeout: 500, failureThreshold: 3, cooldown: 5_000 });
    expect(config.csrf.enabled).toBe(true);
  });

  it('reads the documented environment variables', async () => {
    const config = await load(undefined, {
      PLEXUS_AUTH_JWKS_URL: 'https://issuer.test/jwks.json',
      PLEXUS_AUTH_ISSUER: 'https://issuer.test',
      PLEXUS_AUTH_AUDIENCE: 'plexus,plexus-admin',
      PLEXUS_AUTH_REQUIRED: 'true',
      PLEXUS_RATE_LIMIT_POINTS: '100',
      PLEXUS_RATE_LIMIT_WINDOW: '60s',
      PLEXUS_RATE_LIMIT_STORE: 'redis',
      REDIS_URL: 'redis://cache:6380/2',
      PLEXUS_REDIS_COMMAND_TIMEOUT: '250ms',
      PLEXUS_REDIS_FAILURE_THRESHOLD: '5',
      PLEXUS_REDIS_COOLDOWN: '10s',
    });
    expect(config.auth).toMatchObject({
      enabled: true,
      required: true,
      jwksUrl: 'https://issuer.test/jwks.json',
      issuer: ['https://issuer.test'],
      audience: ['plexus', 'plexus-admin'],
    });
    expect(config.auth.algorithms).toContain('RS256');
    expect(config.auth.algorithms).not.toContain('HS256');
    expect(config.rateLimit).toMatchObject({ enabled: true, points: 100, window: 60_000, store: 'redis' });
    expect(config.redis).toMatchObject({ url: 'redis://cache:6380/2', commandTimeout: 250, failureThreshold: 5, cooldown: 10_000 });
  });

  it('derives HS algorithms from a secret', async () => {
    const config = await load(undefined, { PLEXUS_AUTH_JWT_SECRET: 'x'.repeat(32) });
    expect(config.auth.algorithms).toEqual(['HS256', 'HS384', 'HS512']);
  });

  it.each([
    [
      'auth:\n  algorithms: [none]\n  jwtSecret: ' + 'x'.repeat(32) + '\n',
      'gateway.yaml:2: "auth.algorithms.0": "none" is never accepted: tokens must be signed',
    ],
    ['auth:\n  required: true\n', 'gateway.yaml:2: "auth.required": a token is required but no key is set (jwtSecret, jwksUrl or publicKeys)'],
    ['auth:\n  jwtSecret: short\n', 'gateway.yaml:2: "auth.jwtSecret": must be at least 32 characters (256 bits)'],
    ['auth:\n  jwksUrl: https://a.test/jwks\n  algorithms: [HS256]\n', 'gateway.yaml:3: "auth.algorithms": HS256 needs auth.jwtSecret'],
    ['rateLimit:\n  store: disk\n', 'gateway.yaml:2: "rateLimit.store"'],
    ['limits:\n  maxBodySize: huge\n', 'gateway.yaml:2: "limits.maxBodySize": "huge" is not a size'],
    ['redis:\n  failureThreshold: 0\n', 'gateway.yaml:2: "redis.failureThreshold"'],
  ])('names a wrong key with its line: %j', async (yaml, message) => {
    expect(await problems(yaml)).toContain(message);
  });

  it('names the environment variable that holds a wrong value', async () => {
    expect(await problems(undefined, { PLEXUS_RATE_LIMIT_WINDOW: 'soon' })).toContain('environment variable PLEXUS_RATE_LIMIT_WINDOW');
  });
});

describe('token bucket', () => {
  const bucket = { key: 'k', points: 10, windowMs: 10_000 };

  it('refills in proportion to the time elapsed and charges nothing when refused', () => {
    const first = takeTokens([bucket], [undefined], 10, 0);
    expect(first.consumption).toEqual({ allowed: true, buckets: [{ remaining: 0, resetMs: 10_000, retryAfterMs: 0 }] });
    const refused = takeTokens([bucket], first.next, 3, 1_000);
    expect(refused.consumption).toEqual({ allowed: false, buckets: [{ remaining: 1, resetMs: 9_000, retryAfterMs: 2_000 }] });
    expect(takeTokens([bucket], refused.next, 3, 3_000).consumption.allowed).toBe(true);
  });

  it('charges all buckets or none', () => {
    const small = { key: 's', points: 2, windowMs: 10_000 };
    const { consumption, next } = takeTokens([bucket, small], [undefined, { tokens: 1, at: 0 }], 2, 0);
    expect(consumption.allowed).toBe(false);
    expect(next[0]!.tokens).toBe(10);
  });

  it('charges an operation costlier than the bucket as the whole bucket', () => {
    expect(takeTokens([bucket], [undefined], 500, 0).consumption).toEqual({ allowed: true, buckets: [{ remaining: 0, resetMs: 10_000, retryAfterMs: 0 }] });
  });
});

describe('client address', () => {
  it('trusts X-Forwarded-For only as far as the configured proxies', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', 0)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', 'forged, 203.0.113.9, 10.0.0.1', 2)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '203.0.113.9', 5)).toBe('203.0.113.9');
  });
});
