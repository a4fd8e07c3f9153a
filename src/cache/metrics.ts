import { Counter, type Registry } from 'prom-client';

/** The response cache's Prometheus metrics. */
export interface CacheMetrics {
  /** Queries answered from the response cache. */
  responseCacheHits: Counter;
  /** The hits answered before the GraphQL pipeline (see cache/fast-path.ts). */
  responseCacheFastHits: Counter;
  /** Queries the response cache was asked for and did not hold. */
  responseCacheMisses: Counter;
  /** Response cache store calls that failed (Redis down or slow); the request ran uncached. */
  responseCacheStoreErrors: Counter;
}

export function createCacheMetrics(registry: Registry): CacheMetrics {
  return {
    responseCacheFastHits: new Counter({
      name: 'plexus_response_cache_fast_hits_total',
      help: 'Response cache hits answered before the GraphQL pipeline (a part of plexus_response_cache_hits_total)',
      registers: [registry],
    }),
    responseCacheHits: new Counter({
      name: 'plexus_response_cache_hits_total',
      help: 'Queries answered from the response cache, without any upstream call',
      registers: [registry],
    }),
    responseCacheMisses: new Counter({
      name: 'plexus_response_cache_misses_total',
      help: 'Queries looked up in the response cache and not found there',
      registers: [registry],
    }),
    responseCacheStoreErrors: new Counter({
      name: 'plexus_response_cache_store_errors_total',
      help: 'Response cache store calls that failed (Redis down or slow); those requests ran without the cache',
      registers: [registry],
    }),
  };
}
