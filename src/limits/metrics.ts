import { Counter, type Registry } from 'prom-client';

/** The query limits' Prometheus metrics. */
export interface LimitsMetrics {
  /** Operations refused by a query limit, by the limit's config key. */
  queryRejected: Counter<'limit'>;
}

export function createLimitsMetrics(registry: Registry): LimitsMetrics {
  return {
    queryRejected: new Counter({
      name: 'plexus_query_rejected_total',
      help: 'Operations refused by a query limit before any upstream call, by limit',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
  };
}
