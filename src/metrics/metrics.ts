import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamMetrics, UpstreamOutcome } from '../upstream/metrics.js';
import type { CircuitState } from '../upstream/resilience/breaker.js';
import { createAuthMetrics, type AuthMetrics } from '../auth/metrics.js';
import { createCacheMetrics, type CacheMetrics } from '../cache/metrics.js';
import { createExecutionMetrics, type ExecutionMetrics } from '../execution/metrics.js';
import { createLimitsMetrics, type LimitsMetrics } from '../limits/metrics.js';
import { createRequestMetrics, type RequestMetrics } from '../observability/metrics.js';
import { createRateLimitMetrics, type RateLimitMetrics } from '../rate-limit/metrics.js';
import { createRedisMetrics, type RedisMetrics } from '../redis/metrics.js';
import { LATENCY_BUCKETS } from './buckets.js';

/** The gauge's value for each breaker state: the higher, the worse. */
const CIRCUIT_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Every Prometheus metric of one gateway instance, in a registry of its own (tests run several per
 * process). Each feature makes its own instruments (its metrics.ts); the upstream call path's are here.
 */
export interface PlexusMetrics
  extends UpstreamMetrics, RequestMetrics, AuthMetrics, LimitsMetrics, RateLimitMetrics, CacheMetrics, ExecutionMetrics, RedisMetrics {
  registry: Registry;
  upstreamRequests: Counter<'source'>;
  upstreamErrors: Counter<'source' | 'outcome'>;
  upstreamDuration: Histogram<'source'>;
  linkBatchSize: Histogram<'link'>;
  upstreamRetries: Counter<'source'>;
  circuitBreakerState: Gauge<'source'>;
  upstreamBytesInFlight: Gauge;
  /** Drops the gauge series of a source the gateway no longer serves. */
  forgetSource(source: string): void;
  /** Lets the metrics read the upstream answer bytes held at once whenever they are collected. */
  watchBytesInFlight(read: () => number): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): PlexusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'plexus_' });
  const upstreamRequests = new Counter({
    name: 'plexus_upstream_requests_total',
    help: 'Calls made to upstream services (one HTTP request or one gRPC call each)',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const upstreamErrors = new Counter({
    name: 'plexus_upstream_errors_total',
    help: 'Upstream calls that failed, by outcome (error, timeout)',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'plexus_upstream_request_duration_seconds',
    help: 'Duration of upstream calls',
    labelNames: ['source'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const linkBatchSize = new Histogram({
    name: 'plexus_link_batch_size',
    help: 'Keys sent in one call of a link (Type.field); 1 everywhere means batching is not happening',
    labelNames: ['link'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const upstreamRetries = new Counter({
    name: 'plexus_upstream_retries_total',
    help: 'Retries of failed idempotent upstream calls (each also counts in plexus_upstream_requests_total)',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  // Read when scraped: an open breaker turns half-open with time alone, without any call to tell.
  const circuits = new Map<string, () => CircuitState>();
  const circuitBreakerState = new Gauge({
    name: 'plexus_circuit_breaker_state',
    help: 'Circuit breaker state per source: 0 closed, 1 half-open, 2 open',
    labelNames: ['source'] as const,
    registers: [registry],
    // Over a cluster's workers: the worst state any worker sees.
    aggregator: 'max',
    collect() {
      for (const [source, state] of circuits) this.set({ source }, CIRCUIT_VALUES[state()]);
    },
  });
  let bytesInFlight = () => 0;
  const upstreamBytesInFlight = new Gauge({
    name: 'plexus_upstream_bytes_in_flight',
    help: 'Bytes of upstream answers the gateway holds now (bounded by upstream.maxBytesInFlight)',
    registers: [registry],
    collect() {
      this.set(bytesInFlight());
    },
  });
  return {
    registry,
    ...createRequestMetrics(registry),
    ...createAuthMetrics(registry),
    ...createLimitsMetrics(registry),
    ...createRateLimitMetrics(registry),
    ...createExecutionMetrics(registry),
    ...createCacheMetrics(registry),
    ...createRedisMetrics(registry),
    upstreamRequests,
    upstreamErrors,
    upstreamDuration,
    linkBatchSize,
    upstreamRetries,
    circuitBreakerState,
    upstreamBytesInFlight,
    recordCall(source: string, seconds: number, outcome: UpstreamOutcome) {
      upstreamRequests.inc({ source });
      upstreamDuration.observe({ source }, seconds);
      if (outcome !== 'ok') upstreamErrors.inc({ source, outcome });
    },
    recordBatch(link: string, size: number) {
      linkBatchSize.observe({ link }, size);
    },
    recordRetry(source: string) {
      upstreamRetries.inc({ source });
    },
    watchCircuit(source: string, state: () => CircuitState) {
      circuits.set(source, state);
    },
    forgetSource(source: string) {
      circuits.delete(source);
      circuitBreakerState.remove({ source });
    },
    watchBytesInFlight(read: () => number) {
      bytesInFlight = read;
    },
  };
}
