import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamMetrics, UpstreamOutcome } from '../upstream/metrics.js';
import type { CircuitState } from '../upstream/resilience/breaker.js';

/** The gauge's value for each breaker state: the higher, the worse. */
const CIRCUIT_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every Prometheus metric of one gateway instance, in a registry of its own (tests run several per process). */
export interface PlexusMetrics extends UpstreamMetrics {
  registry: Registry;
  upstreamRequests: Counter<'source'>;
  upstreamErrors: Counter<'source' | 'outcome'>;
  upstreamDuration: Histogram<'source'>;
  graphqlRequests: Counter<'status'>;
  graphqlDuration: Histogram<'status'>;
  upstreamCallsPerRequest: Histogram;
  linkBatchSize: Histogram<'link'>;
  /** Plans looked up for an operation: `hit` (reused), `miss` (planned now), `unplanned` (left to the standard executor). */
  queryPlans: Counter<'result'>;
  /** Requests refused by the auth plugin, by reason (see RejectionReason). */
  authRejected: Counter<'reason'>;
  /** Operations refused by a query limit, by the limit's config key. */
  queryRejected: Counter<'limit'>;
  rateLimited: Counter;
  rateLimitStoreErrors: Counter;
  /** Queries answered from the response cache. */
  responseCacheHits: Counter;
  /** The hits answered before the GraphQL pipeline (see server/cache-fast-path.ts). */
  responseCacheFastHits: Counter;
  /** Queries the response cache was asked for and did not hold. */
  responseCacheMisses: Counter;
  /** Response cache store calls that failed (Redis down or slow); the request ran uncached. */
  responseCacheStoreErrors: Counter;
  upstreamRetries: Counter<'source'>;
  circuitBreakerState: Gauge<'source'>;
  upstreamBytesInFlight: Gauge;
  /** Drops the gauge series of a source the gateway no longer serves. */
  forgetSource(source: string): void;
  /** Lets the metrics read the upstream answer bytes held at once whenever they are collected. */
  watchBytesInFlight(read: () => number): void;
  /** Store calls not sent to Redis: `unavailable` (held back after repeated failures) or `budget` (the request's wait was spent). */
  redisSkippedCalls: Counter<'reason'>;
  /** Publishes `plexus_redis_up` (1 while calls go to Redis, 0 while they are held back); only gateways using Redis have it. */
  watchRedis(up: () => boolean): void;
  /** Subscriptions whose stream is open now. */
  subscriptionsActive: Gauge;
  /** How long each subscription's stream lived, observed when it ends. */
  subscriptionDuration: Histogram;
  /** Events each subscription delivered, observed when it ends. */
  subscriptionEvents: Histogram;
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
  const graphqlRequests = new Counter({
    name: 'plexus_graphql_requests_total',
    help: 'GraphQL requests answered, by status (ok: no errors, error: at least one error)',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'plexus_graphql_request_duration_seconds',
    help: 'Duration of GraphQL requests, from receipt to response',
    labelNames: ['status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const upstreamCallsPerRequest = new Histogram({
    name: 'plexus_upstream_calls_per_request',
    help: 'Upstream calls made for one GraphQL request (an N+1 regression shows here)',
    buckets: [0, 1, 2, 3, 4, 5, 8, 13, 21, 34, 55, 100],
    registers: [registry],
  });
  const linkBatchSize = new Histogram({
    name: 'plexus_link_batch_size',
    help: 'Keys sent in one call of a link (Type.field); 1 everywhere means batching is not happening',
    labelNames: ['link'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const authRejected = new Counter({
    name: 'plexus_auth_rejected_total',
    help: 'Requests refused with 401 by token verification, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const queryRejected = new Counter({
    name: 'plexus_query_rejected_total',
    help: 'Operations refused by a query limit before any upstream call, by limit',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'plexus_rate_limited_total',
    help: 'Operations refused with 429 because the caller spent its rate limit budget',
    registers: [registry],
  });
  const rateLimitStoreErrors = new Counter({
    name: 'plexus_rate_limit_store_errors_total',
    help: 'Rate limit checks that failed because the store (Redis) did not answer',
    registers: [registry],
  });
  const queryPlans = new Counter({
    name: 'plexus_query_plans_total',
    help: 'Query plans looked up, by result: hit (reused from the plan cache), miss (planned now), unplanned (run on the standard executor)',
    labelNames: ['result'],
    registers: [registry],
  });
  const responseCacheFastHits = new Counter({
    name: 'plexus_response_cache_fast_hits_total',
    help: 'Response cache hits answered before the GraphQL pipeline (a part of plexus_response_cache_hits_total)',
    registers: [registry],
  });
  const responseCacheHits = new Counter({
    name: 'plexus_response_cache_hits_total',
    help: 'Queries answered from the response cache, without any upstream call',
    registers: [registry],
  });
  const responseCacheMisses = new Counter({
    name: 'plexus_response_cache_misses_total',
    help: 'Queries looked up in the response cache and not found there',
    registers: [registry],
  });
  const responseCacheStoreErrors = new Counter({
    name: 'plexus_response_cache_store_errors_total',
    help: 'Response cache store calls that failed (Redis down or slow); those requests ran without the cache',
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
  const redisSkippedCalls = new Counter({
    name: 'plexus_redis_skipped_calls_total',
    help: 'Store calls not sent to Redis: unavailable (held back after repeated failures) or budget (the request already waited on Redis)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const subscriptionsActive = new Gauge({
    name: 'plexus_subscriptions_active',
    help: 'Subscriptions whose event stream is open now, over any transport',
    registers: [registry],
  });
  const subscriptionDuration = new Histogram({
    name: 'plexus_subscription_duration_seconds',
    help: 'How long subscriptions lived, from receipt to the end of their stream (observed when they end)',
    buckets: [0.1, 1, 10, 60, 300, 900, 3600, 14400],
    registers: [registry],
  });
  const subscriptionEvents = new Histogram({
    name: 'plexus_subscription_events',
    help: 'Events one subscription delivered over its life (observed when it ends)',
    buckets: [0, 1, 10, 100, 1000, 10000, 100000],
    registers: [registry],
  });
  let redisUp: (() => boolean) | undefined;
  return {
    registry,
    subscriptionsActive,
    subscriptionDuration,
    subscriptionEvents,
    redisSkippedCalls,
    upstreamRetries,
    circuitBreakerState,
    upstreamBytesInFlight,
    authRejected,
    queryRejected,
    rateLimited,
    rateLimitStoreErrors,
    responseCacheHits,
    responseCacheFastHits,
    responseCacheMisses,
    responseCacheStoreErrors,
    linkBatchSize,
    queryPlans,
    upstreamRequests,
    upstreamErrors,
    upstreamDuration,
    graphqlRequests,
    graphqlDuration,
    upstreamCallsPerRequest,
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
    watchRedis(up: () => boolean) {
      // Made on first use: a gauge without labels always shows a value, and 0 would read as "Redis down".
      if (!redisUp) {
        new Gauge({
          name: 'plexus_redis_up',
          help: '1 while the gateway sends store calls to Redis, 0 while it holds them back after repeated failures',
          registers: [registry],
          // Over a cluster's workers: 0 as soon as one of them holds calls back.
          aggregator: 'min',
          collect() {
            this.set(redisUp!() ? 1 : 0);
          },
        });
      }
      redisUp = up;
    },
  };
}
