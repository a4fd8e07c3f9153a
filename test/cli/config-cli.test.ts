import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

let project: TempProject | undefined;

afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const SECRET = 'a-jwt-secret-that-is-long-enough-0123456789';
const REDIS_PASSWORD = 'redis-pw-7f3a9c';

const SOURCE = {
  'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
  'sources/a/schema.graphql': 'type Query { alpha: String }\n',
};

/** The `key  value  origin` row of one key. */
function row(stdout: string, key: string): string[] {
  const line = stdout.split('\n').find((text) => text.startsWith(`${key} `));
  if (!line) throw new Error(`no row for ${key} in:\n${stdout}`);
  return line.split(/\s{2,}/);
}

describe('plexus config', () => {
  const GATEWAY = ['port: 5000', 'limits:', '  maxDepth: 12', '  maxBodySize: 2mb', 'auth:', `  jwtSecret: \${JWT_SECRET}`, 'cors: false', ''].join('\n');
  const ENV = { JWT_SECRET: SECRET, PLEXUS_LIMITS_MAX_COST: '900', REDIS_URL: `redis://app:${REDIS_PASSWORD}@redis.internal:6379/0` };

  it('prints every key with its value and where it came from', async () => {
    project = await tempProject({ 'gateway.yaml': GATEWAY });
    const result = await runCli(['config'], project.dir, ENV);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(row(result.stdout, 'port')).toEqual(['port', '5000', 'gateway.yaml:1']);
    expect(row(result.stdout, 'limits.maxDepth')).toEqual(['limits.maxDepth', '12', 'gateway.yaml:3']);
    expect(row(result.stdout, 'limits.maxBodySize')).toEqual(['limits.maxBodySize', '2mb', 'gateway.yaml:4']);
    expect(row(result.stdout, 'limits.maxCost')).toEqual(['limits.maxCost', '900', 'env PLEXUS_LIMITS_MAX_COST']);
    expect(row(result.stdout, 'limits.maxAliases')).toEqual(['limits.maxAliases', '15', 'default']);
    expect(row(result.stdout, 'shutdown.grace')).toEqual(['shutdown.grace', '10s', 'default']);
    // `cors: false` stands for `cors.enabled`.
    expect(row(result.stdout, 'cors.enabled')).toEqual(['cors.enabled', 'false', 'gateway.yaml:7']);
    expect(row(result.stdout, 'cors.credentials')).toEqual(['cors.credentials', 'false', 'default']);
    expect(row(result.stdout, 'auth.jwtSecret')).toEqual(['auth.jwtSecret', '[redacted]', 'gateway.yaml:6']);
    expect(row(result.stdout, 'redis.url')).toEqual(['redis.url', 'redis://app:[redacted]@redis.internal:6379/0', 'env REDIS_URL']);
    expect(row(result.stdout, 'rateLimit.points')).toEqual(['rateLimit.points', '(not set)', 'default']);
    // One row per key: a text of several lines shows its first line and how many there are.
    expect(
      result.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => /^[a-zA-Z.]+ {2,}/.test(line)),
    ).toBe(true);
    expect(row(result.stdout, 'graphiql.defaultQuery')[1]).toMatch(/^# Plexus: .+ … \(\d+ lines\)$/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    expect(`${result.stdout}${result.stderr}`).not.toContain(REDIS_PASSWORD);
  });

  it('names --port as the origin of the port, and --json carries the same', async () => {
    project = await tempProject({ 'gateway.yaml': GATEWAY });
    const result = await runCli(['config', '--port', '6001', '--json'], project.dir, ENV);
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as Record<string, { value: unknown; origin: string }>;
    expect(entries['port']).toEqual({ value: 6001, origin: '--port' });
    expect(entries['limits.maxDepth']).toEqual({ value: 12, origin: 'gateway.yaml:3' });
    expect(entries['auth.jwtSecret']).toEqual({ value: '[redacted]', origin: 'gateway.yaml:6' });
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain(REDIS_PASSWORD);
  });

  it('reads --config and refuses a wrong value as start does', async () => {
    project = await tempProject({ 'custom.yaml': 'host: 127.0.0.1\nlimits:\n  maxDepth: 0\n' });
    const result = await runCli(['config', '--config', 'custom.yaml'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('plexus config: 1 problem found\n  custom.yaml:3: "limits.maxDepth": expected a whole number of at least 1, got 0\n');
  });

  it('never shows a secret in a message about it', async () => {
    project = await tempProject({ 'gateway.yaml': 'auth:\n  jwtSecret: short-secret-xyz\n' });
    const result = await runCli(['config'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gateway.yaml:2: "auth.jwtSecret": must be at least 32 characters');
    expect(result.stderr).not.toContain('short-secret-xyz');
  });
});

describe('plexus check and gateway.yaml', () => {
  it('exits 1 on an unknown key and a wrong value, naming file, line and the key meant', async () => {
    project = await tempProject({ ...SOURCE, 'gateway.yaml': 'port: 5000\ncahce:\n  ttl: 30s\nlimits:\n  maxDepth: "ten"\n' });
    const result = await runCli(['check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'plexus check: 2 problems found',
        '  gateway.yaml:2: unknown key "cahce" (did you mean "cache"?)',
        '  gateway.yaml:5: "limits.maxDepth": expected a whole number of at least 1, got "ten"',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 on a wrong environment variable, naming it', async () => {
    project = await tempProject(SOURCE);
    const result = await runCli(['check'], project.dir, { PLEXUS_RATE_LIMIT_STORE: 'disk' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  environment variable PLEXUS_RATE_LIMIT_STORE: "rateLimit.store": expected memory or redis, got "disk"');
  });

  it('lists the problems of every file in file order, then those of the environment', async () => {
    project = await tempProject({
      'sources/b/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\ntimout: 1s\n',
      'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\nretry:\n  attempts: 99\n',
      'sources/a/schema.graphql': 'type Query { alpha: String }\n',
      // zod reports `port` (first in the schema) before `limits`: the output follows the file.
      'gateway.yaml': 'limits:\n  maxDepth: -1\nport: http\n',
    });
    const result = await runCli(['check'], project.dir, { PLEXUS_CACHE_TTL: 'soon' });
    expect(result.code).toBe(1);
    const places = result.stderr
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.trim().split(': ')[0]);
    expect(places).toEqual(['gateway.yaml:2', 'gateway.yaml:3', 'sources/a/source.yaml:5', 'sources/b/source.yaml:3', 'environment variable PLEXUS_CACHE_TTL']);
  });
});

describe('plexus start and gateway.yaml', () => {
  it('blames --port for a port out of range', async () => {
    project = await tempProject(SOURCE);
    const result = await runCli(['start', '--port', '99999'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('plexus start: 1 problem found\n  --port: expected a port number from 0 to 65535 (0: any free port), got 99999\n');
  });

  it('names PORT and what it expects', async () => {
    project = await tempProject(SOURCE);
    const result = await runCli(['start'], project.dir, { PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'plexus start: 1 problem found\n  environment variable PORT: "port": expected a port number from 0 to 65535 (0: any free port), got "abc"\n',
    );
  });
});
