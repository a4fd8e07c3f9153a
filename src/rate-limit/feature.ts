import type { FeaturePlugins } from '../feature.js';
import type { OperationCost } from '../limits/operation-cost.js';
import type { Logger } from '../logger.js';
import type { RateLimitConfig } from './config.js';
import type { RateLimitMetrics } from './metrics.js';
import type { RateLimitStore } from './store.js';
import { useRateLimit } from './useRateLimit.js';

interface RateLimitParts {
  config: { rateLimit: RateLimitConfig };
  rateLimitStore: RateLimitStore;
  /** The pricing the cost limit shares. */
  operationCost: OperationCost;
  logger: Logger;
  metrics: RateLimitMetrics;
}

/** Charges each operation's cost to its caller's token buckets; none without `rateLimit.enabled`. */
export function rateLimit({ config, rateLimitStore, operationCost, logger, metrics }: RateLimitParts): FeaturePlugins {
  if (!config.rateLimit.enabled) return [];
  return [
    useRateLimit({
      config: config.rateLimit,
      store: rateLimitStore,
      cost: operationCost,
      logger,
      rateLimited: metrics.rateLimited,
      storeErrors: metrics.rateLimitStoreErrors,
    }),
  ];
}
