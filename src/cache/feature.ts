import type { FeaturePlugins } from '../feature.js';
import type { Logger } from '../logger.js';
import type { CacheConfig } from './config.js';
import type { CacheMetrics } from './metrics.js';
import type { ResponseStore } from './response-store.js';
import { useResponseCache } from './useResponseCache.js';

interface ResponseCacheParts {
  config: { cache: CacheConfig };
  responseCacheStore: ResponseStore;
  logger: Logger;
  metrics: CacheMetrics;
}

/** The response cache, with ETag and Cache-Control; none without `cache.enabled`. */
export function responseCache({ config, responseCacheStore, logger, metrics }: ResponseCacheParts): FeaturePlugins {
  if (!config.cache.enabled) return [];
  return [
    useResponseCache({
      config: config.cache,
      store: responseCacheStore,
      logger,
      hits: metrics.responseCacheHits,
      misses: metrics.responseCacheMisses,
      storeErrors: metrics.responseCacheStoreErrors,
    }),
  ];
}
