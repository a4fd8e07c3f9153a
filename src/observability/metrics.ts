import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../metrics/buckets.js';

/** The metrics of GraphQL requests and subscriptions, whatever their transport. */
export interface RequestMetrics {
  graphqlRequests: Counter<'status'>;
  graphqlDuration: Histogram<'status'>;
  upstreamCallsPerRequest: Histogram;
  /** Subscriptions whose stream is open now. */
  subscriptionsActive: Gauge;
  /** How long each subscription's stream lived, observed when it ends. */
  subscriptionDuration: Histogram;
  /** Events each subscription delivered, observed when it ends. */
  subscriptionEvents: Histogram;
}

export function createRequestMetrics(registry: Registry): RequestMetrics {
  return {
    graphqlRequests: new Counter({
      name: 'plexus_graphql_requests_total',
      help: 'GraphQL requests answered, by status (ok: no errors, error: at least one error)',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'plexus_graphql_request_duration_seconds',
      help: 'Duration of GraphQL requests, from receipt to response',
      labelNames: ['status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    upstreamCallsPerRequest: new Histogram({
      name: 'plexus_upstream_calls_per_request',
      help: 'Upstream calls made for one GraphQL request (an N+1 regression shows here)',
      buckets: [0, 1, 2, 3, 4, 5, 8, 13, 21, 34, 55, 100],
      registers: [registry],
    }),
    subscriptionsActive: new Gauge({
      name: 'plexus_subscriptions_active',
      help: 'Subscriptions whose event stream is open now, over any transport',
      registers: [registry],
    }),
    subscriptionDuration: new Histogram({
      name: 'plexus_subscription_duration_seconds',
      help: 'How long subscriptions lived, from receipt to the end of their stream (observed when they end)',
      buckets: [0.1, 1, 10, 60, 300, 900, 3600, 14400],
      registers: [registry],
    }),
    subscriptionEvents: new Histogram({
      name: 'plexus_subscription_events',
      help: 'Events one subscription delivered over its life (observed when it ends)',
      buckets: [0, 1, 10, 100, 1000, 10000, 100000],
      registers: [registry],
    }),
  };
}
