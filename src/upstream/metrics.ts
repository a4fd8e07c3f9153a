import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../metrics/buckets.js';
import type { CircuitState } from './resilience/breaker.js';

/** How one upstream call ended. */
export type UpstreamOutcome = 'ok' | 'error' | 'timeout';

/** The narrow view of metrics that source kinds write to: one record per real call to a service. */
export interface UpstreamMetrics {
  recordCall(source: string, seconds: number, outcome: UpstreamOutcome): void;
  /** Keys sent in one batch call of a link (`Type.field`). */
  recordBatch?(link: string, size: number): void;
  /** A retry of a failed call was made (the retry is also a call, recorded by `recordCall`). */
  recordRetry?(source: string): void;
  /** Lets the metrics read a source's circuit breaker state whenever they are collected. */
  watchCircuit?(source: string, state: () => CircuitState): void;
}

/** Discards everything; for loading sources where no metrics are kept (compose, check). */
export const noUpstreamMetrics: UpstreamMetrics = { recordCall() {} };

/** The gauge's value for each breaker state: the higher, the worse. */
const CIRCUIT_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** The upstream call path's Prometheus metrics: what the sources' calls record, and the gauges read when scraped. */
export interface UpstreamInstruments extends Required<UpstreamMetrics> {
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

export function createUpstreamInstruments(registry: Registry): UpstreamInstruments {
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
