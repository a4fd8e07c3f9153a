import { Registry, collectDefaultMetrics } from 'prom-client';
import { createUpstreamInstruments, type UpstreamInstruments } from '../upstream/metrics.js';
import { createAuthMetrics, type AuthMetrics } from '../auth/metrics.js';
import { createCacheMetrics, type CacheMetrics } from '../cache/metrics.js';
import { createExecutionMetrics, type ExecutionMetrics } from '../execution/metrics.js';
import { createLimitsMetrics, type LimitsMetrics } from '../limits/metrics.js';
import { createRequestMetrics, type RequestMetrics } from '../observability/metrics.js';
import { createRateLimitMetrics, type RateLimitMetrics } from '../rate-limit/metrics.js';
import { createRedisMetrics, type RedisMetrics } from '../redis/metrics.js';

/**
 * Every Prometheus metric of one gateway instance, in a registry of its own (tests run several per
 * process). Each feature makes its own instruments (its metrics.ts), the upstream call path too
 * (src/upstream/metrics.ts); this module assembles them.
 */
export interface PlexusMetrics
  extends UpstreamInstruments, RequestMetrics, AuthMetrics, LimitsMetrics, RateLimitMetrics, CacheMetrics, ExecutionMetrics, RedisMetrics {
  registry: Registry;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): PlexusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'plexus_' });
  return {
    registry,
    ...createRequestMetrics(registry),
    ...createAuthMetrics(registry),
    ...createLimitsMetrics(registry),
    ...createRateLimitMetrics(registry),
    ...createExecutionMetrics(registry),
    ...createCacheMetrics(registry),
    ...createRedisMetrics(registry),
    ...createUpstreamInstruments(registry),
  };
}
