import type { UpstreamOutcome } from './metrics.js';

/** One call of a source to its service, as `onUpstreamCall` sees it before it is made. */
export interface UpstreamCallInfo {
  /** The source's folder name. */
  readonly source: string;
  /** The wire the call takes: `http`, `grpc`, or a source kind's own. */
  readonly transport: string;
  /** The operation as the transport names it: `GET /users`, `/demo.Orders/ListOrders`, `POST /graphql`. */
  readonly operation: string;
  /** The GraphQL context of the request the call serves (what plugins put on it is there). */
  readonly context: unknown;
  /** Whether the call may be retried after a failure of the service. */
  readonly idempotent: boolean;
}

/** How the call ended, after its retries. */
export interface UpstreamCallDone {
  /** `ok` when the service answered (a refusal such as HTTP 404 included), `error` or `timeout` when it failed. */
  readonly outcome: UpstreamOutcome;
  /** Attempts made: 0 when the call was refused before reaching the service (circuit breaker open). */
  readonly attempts: number;
  readonly durationMs: number;
  /** The error the call ended with, if it did not give a value. */
  readonly error?: unknown;
}

/**
 * Runs before every call a source makes for a GraphQL request (not for readiness probes), once
 * per call whatever its retries; identical calls shared within a request are one call. May return
 * a function that runs when the call has ended. A hook that throws is logged; the call goes on.
 */
export type OnUpstreamCall = (call: UpstreamCallInfo) => ((done: UpstreamCallDone) => void) | undefined;

/** A hook with the name of the plugin it comes from, for the log line when it fails. */
export interface UpstreamHook {
  readonly plugin: string;
  readonly onUpstreamCall: OnUpstreamCall;
}
