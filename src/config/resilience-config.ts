import { z } from 'zod';
import { durationSchema as duration } from './schema-helpers.js';

/**
 * `retry`: how a failed idempotent call is tried again. Only idempotent calls retry (GET and HEAD,
 * GraphQL queries, gRPC methods marked idempotent), only after a failure of the service
 * (connection error, timeout, HTTP 5xx, gRPC UNAVAILABLE and the like), and never past the call's
 * `timeout` or while the circuit breaker is open.
 */
export const retryConfigSchema = z.strictObject({
  /** `false` turns retrying off for this source. Default true. */
  enabled: z.boolean().default(true),
  /** Retries after the first call: at most `attempts + 1` calls in all. Default 2. */
  attempts: z.number().int().min(0).max(10).default(2),
  /** Upper bound of the delay before the first retry; it doubles for each further retry, and the delay is drawn at random below it (full jitter). Default 100ms. */
  backoff: duration.default(100),
  /** Largest upper bound of one delay. Default 2s. */
  maxBackoff: duration.default(2000),
});

/**
 * `circuitBreaker`: stops calling a source that keeps failing. It opens when at least
 * `failureRatio` of the calls in the last `window` failed (and there were at least
 * `minimumRequests`); while open, calls fail at once with UPSTREAM_ERROR; after `openFor` it is
 * half-open and lets `halfOpenRequests` calls through: if they all succeed it closes, a failure
 * opens it again.
 */
export const circuitBreakerConfigSchema = z.strictObject({
  /** `false` turns the breaker off for this source. Default true. */
  enabled: z.boolean().default(true),
  /** Share of failed calls in the window that opens the breaker, above 0 and at most 1. Default 0.5. */
  failureRatio: z.number().gt(0).max(1).default(0.5),
  /** Calls the window must hold before the ratio is judged. Default 10. */
  minimumRequests: z.number().int().min(1).default(10),
  /** How far back calls are counted. Default 10s. */
  window: duration.pipe(z.number().min(10, 'a window is at least 10ms')).default(10_000),
  /** How long the breaker stays open before it lets trial calls through. Default 5s. */
  openFor: duration.default(5000),
  /** Trial calls let through while half-open; all must succeed to close. Default 1. */
  halfOpenRequests: z.number().int().min(1).default(1),
});

export type RetryConfig = z.output<typeof retryConfigSchema>;
export type CircuitBreakerConfig = z.output<typeof circuitBreakerConfigSchema>;
