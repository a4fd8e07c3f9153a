import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import type { RequestMetrics } from './metrics.js';

// What every way into the gateway reports when a GraphQL request ends: the pipeline's plugins
// (useRequestMetrics, useRequestLogging), the cache fast path and the WebSocket transport. One
// place, so a dashboard or a log query sees the same series and fields whichever path answered.

export type RequestOutcome = 'ok' | 'error';

/** One request's log line; fields a path does not know are left out. */
export interface RequestLine {
  requestId: string | undefined;
  /** Set where the request did not come as an HTTP request of its own (`websocket`). */
  transport?: string;
  method?: string;
  path?: string;
  operationName?: string;
  operationType?: string;
  status?: number;
  result: RequestOutcome;
  durationMs: number;
  upstreamCalls: number;
  /** Events a stream delivered (subscriptions, incremental answers). */
  events?: number;
  subject?: string;
  errorCodes?: string[];
}

/** Milliseconds with two decimals, as every request line writes them. */
export const durationMs = (milliseconds: number): number => Math.round(milliseconds * 100) / 100;

/** Writes the line: `info` when it succeeded, `warn` with its error codes otherwise. */
export function writeRequestLine(logger: Logger, line: RequestLine, what: 'request' | 'operation' = 'request'): void {
  if (line.result === 'error') logger.warn(line, `graphql ${what} failed`);
  else logger.info(line, `graphql ${what}`);
}

/**
 * Counts a finished request: `plexus_graphql_requests_total`, its duration when one is given (a
 * subscription's is observed as its lifetime instead) and the upstream calls it cost when known.
 */
export function recordRequest(metrics: RequestMetrics, outcome: RequestOutcome, observed: { seconds?: number; upstreamCalls?: number }): void {
  metrics.graphqlRequests.inc({ status: outcome });
  if (observed.seconds !== undefined) metrics.graphqlDuration.observe({ status: outcome }, observed.seconds);
  if (observed.upstreamCalls !== undefined) metrics.upstreamCallsPerRequest.observe(observed.upstreamCalls);
}

/**
 * When the request reached the gateway, as `performance.now()`: the HTTP layer notes it before
 * admission (server/admission.ts), so that the time a request waited for its turn counts.
 */
export function receivedAt(serverContext: unknown): number {
  const at = (serverContext as { receivedAt?: unknown } | undefined)?.receivedAt;
  return typeof at === 'number' ? at : performance.now();
}
