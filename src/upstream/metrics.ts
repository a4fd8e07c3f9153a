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
