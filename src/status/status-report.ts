import type { CircuitState } from '../upstream/resilience/breaker.js';
import type { LinkEdge } from './link-graph.js';

/** What `/status.json` answers; the page renders the same. */
export interface StatusReport {
  generatedAt: string;
  /** The rolling window rates and latencies are taken over; `coveredSeconds` is less right after start. */
  window: { seconds: number; sliceSeconds: number; coveredSeconds: number };
  /** How often the page asks again, in milliseconds. */
  refreshMs: number;
  schema: { version: string; loadedAt: string };
  config: { version: string };
  /** The last schema reload since the gateway started; null when there was none. */
  lastReload: ReloadSummary | null;
  /** The last readiness check; null before the first. */
  readiness: { ready: boolean; checkedAt: string } | null;
  sources: SourceStatus[];
  links: LinkStatus[];
}

export interface SourceStatus {
  name: string;
  /** `openapi`, `grpc`, `graphql` or `federation`. */
  kind: string;
  /** The last readiness check's answer; null before the first. */
  ready: boolean | null;
  readinessError?: string;
  checkedAt: string | null;
  /** `none` when the source's breaker is switched off. */
  circuit: CircuitState | 'none';
  calls: number;
  errors: number;
  callsPerSecond: number;
  errorRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface LinkStatus extends LinkEdge {
  /** Calls of the link over the window. */
  batches: number;
  /** Keys per call over the window; null without calls. */
  meanBatchSize: number | null;
}

export interface ReloadSummary {
  at: string;
  ok: boolean;
  /** The version served after the reload (the previous one when it failed). */
  version: string;
  previousVersion?: string;
  changes?: { breaking: number; dangerous: number; safe: number };
  /** Problems found in the files when the reload failed. */
  problems?: number;
}
