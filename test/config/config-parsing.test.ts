import { loadConfigFrom as load } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/duration.js';
import { interpolate } from '../../src/config/interpolate.js';
import { ConfigurationError } from '../../src/config/problems.js';

describe('interpolate', () => {
  const env = { SET: 'value', EMPTY: '' };
  it('substitutes variables and defaults', () => {
    expect(interpolate('${SET}', env)).toBe('value');
    expect(interpolate('${UNSET:-fallback}', env)).toBe('fallback');
    expect(interpolate('${EMPTY:-fallback}', env)).toBe('fallback');
    expect(interpolate('${EMPTY-fallback}', env)).toBe('');
    expect(interpolate('${SET:-fallback}/x', env)).toBe('value/x');
    expect(interpolate('cost $$5', env)).toBe('cost $5');
  });
  it('reports a variable that is unset and has no default', () => {
    const missing: string[] = [];
    expect(interpolate('a${NOPE}b', env, (name) => missing.push(name))).toBe('ab');
    expect(missing).toEqual(['NOPE']);
  });
});

describe('parseDuration', () => {
  it('reads units and bare milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration(30)).toBe(30);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });
});

describe('gateway.yaml', () => {
  it('has defaults for every key when there is no file', async () => {
    const config = await load(undefined);
    expect(config.port).toBe(4000);
    expect(config.graphiql.enabled).toBe(true);
    expect(config.readiness.timeout).toBe(2000);
  });

  it('lets environment variables override the file', async () => {
    const config = await load('port: 5000\nintrospection: true\n', { PORT: '6000', PLEXUS_INTROSPECTION: 'false' });
    expect(config.port).toBe(6000);
    expect(config.introspection).toBe(false);
  });

  it('keeps a switch written as a plain value off when a variable sets a key inside it', async () => {
    const config = await load('graphiql: false\ncors: false\n', {
      PLEXUS_GRAPHIQL_DEFAULT_QUERY: '{ __typename }',
      PLEXUS_CORS_ORIGINS: 'https://app.example.com',
    });
    expect(config.graphiql).toMatchObject({ enabled: false, defaultQuery: '{ __typename }' });
    expect(config.cors.enabled).toBe(false);
  });

  it('runs operations through the planner by default, and still reads the former execution.jit without effect', async () => {
    expect((await load(undefined)).execution).toMatchObject({ planner: true, planCacheSize: 1000, exposePlan: false });
    const config = await load('execution:\n  jit: true\n  planCacheSize: 50\n', { PLEXUS_PLANNER: 'false' });
    expect(config.execution).toMatchObject({ planner: false, planCacheSize: 50 });
  });

  it('names an unknown key with its line', async () => {
    const error = await load('port: 5000\ngraphiqel: false\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('gateway.yaml:2: unknown key "graphiqel" (did you mean "graphiql"?)');
  });

  it('names a bad value with its key and line', async () => {
    const error = await load('readiness:\n  timeout: soon\n').catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^gateway\.yaml:2: "readiness\.timeout": "soon" is not a duration/);
  });

  it('names the environment variable when its value is wrong', async () => {
    const error = await load(undefined, { PORT: 'eighty' }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('environment variable PORT: "port": expected a port number from 0 to 65535 (0: any free port), got "eighty"');
  });
});
