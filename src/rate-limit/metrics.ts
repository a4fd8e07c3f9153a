import { Counter, type Registry } from 'prom-client';

/** The rate limit's Prometheus metrics. */
export interface RateLimitMetrics {
  rateLimited: Counter;
  rateLimitStoreErrors: Counter;
}

export function createRateLimitMetrics(registry: Registry): RateLimitMetrics {
  return {
    rateLimited: new Counter({
      name: 'plexus_rate_limited_total',
      help: 'Operations refused with 429 because the caller spent its rate limit budget',
      registers: [registry],
    }),
    rateLimitStoreErrors: new Counter({
      name: 'plexus_rate_limit_store_errors_total',
      help: 'Rate limit checks that failed because the store (Redis) did not answer',
      registers: [registry],
    }),
  };
}
