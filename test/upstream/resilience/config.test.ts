import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { loadSources } from '../../../src/sources/registry.js';
import { noUpstreamMetrics } from '../../../src/upstream/metrics.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function load(extra: string) {
  project = await tempProject({
    'sources/svc/source.yaml': `kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n${extra}`,
    'sources/svc/schema.graphql': 'type Query { a: String }\n',
  });
  const registry = await loadSources({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    env: {},
    mode: 'compose',
    metrics: noUpstreamMetrics,
    logger: createLogger({ level: 'silent' }),
  });
  await Promise.all(registry.sources.map((entry) => entry.loaded.close()));
  return registry;
}

describe('resilience keys in source.yaml', () => {
  it('have defaults', async () => {
    const { sources } = await load('');
    expect(sources[0]!.config).toMatchObject({
      timeout: 10_000,
      maxConnections: 64,
      retry: { enabled: true, attempts: 2, backoff: 100, maxBackoff: 2000 },
      circuitBreaker: { enabled: true, failureRatio: 0.5, minimumRequests: 10, window: 10_000, openFor: 5000, halfOpenRequests: 1 },
    });
    expect(sources[0]!.resilience.circuit()).toBe('closed');
  });

  it('take durations and partial objects', async () => {
    const { sources } = await load('retry: { attempts: 4, backoff: 50ms }\ncircuitBreaker:\n  openFor: 1m\n  enabled: false\n');
    expect(sources[0]!.config.retry).toEqual({ enabled: true, attempts: 4, backoff: 50, maxBackoff: 2000 });
    expect(sources[0]!.config.circuitBreaker).toMatchObject({ enabled: false, openFor: 60_000 });
    expect(sources[0]!.resilience.circuit()).toBeUndefined();
  });

  it('report a wrong value with the file, line and key', async () => {
    const { problems } = await load('circuitBreaker:\n  failureRatio: 2\nretry:\n  backof: 1s\n');
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'sources/svc/source.yaml', line: 5, message: '"circuitBreaker.failureRatio": expected a number of at most 1, got 2' },
        { file: 'sources/svc/source.yaml', line: 7, message: 'unknown key "retry.backof" (did you mean "retry.backoff"?)' },
      ]),
    );
  });
});
