import type { GraphQLError } from 'graphql';
import type { CircuitBreakerConfig, RetryConfig } from '../../config/resilience-config.js';
import { plexusError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { startDeadline, type Deadline } from '../deadline.js';
import type { UpstreamMetrics } from '../metrics.js';
import { backoffDelay } from './backoff.js';
import { createBreaker, type CircuitBreaker, type CircuitState, type Ticket } from './breaker.js';
import { systemClock, type Clock, type Random } from './clock.js';
import { createLimiter } from './limiter.js';

/**
 * How one real call to the service ended. `failed` says the service itself failed (connection
 * error, timeout, HTTP 5xx, gRPC UNAVAILABLE, ...): that counts against the circuit breaker and may
 * be retried. A refusal of the request (HTTP 4xx, gRPC INVALID_ARGUMENT) is an answer, not a failure.
 */
export type AttemptResult<T> = { value: T; failed: boolean } | { error: unknown; failed: boolean };

export interface ResilientCall<T> {
  /** Only idempotent calls are retried. */
  idempotent: boolean;
  /** The client request's signal: when it aborts, the call stops and nothing is judged. */
  signal: AbortSignal | undefined;
  /** Time for the whole call: every attempt, the waits between them and for a free slot. */
  timeoutMs: number;
  /** Makes one real call within `deadline`, mapping its own errors. */
  attempt(deadline: Deadline): Promise<AttemptResult<T>>;
  /** The error for a call whose time ran out before the service was asked. */
  timeoutError(): GraphQLError;
}

/** The retry policy, circuit breaker and concurrency cap of one source, shared by all its calls. */
export interface Resilience {
  /** Runs a call through the cap, the breaker and the retry policy; resolves or throws as its last attempt did. */
  call<T>(call: ResilientCall<T>): Promise<T>;
  /** The breaker's state; undefined when the breaker is off. */
  circuit(): CircuitState | undefined;
}

export interface ResilienceOptions {
  source: string;
  retry: RetryConfig;
  circuitBreaker: CircuitBreakerConfig;
  /** Most calls in flight at once (`maxConnections`). */
  maxConcurrency: number;
  metrics: UpstreamMetrics;
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: Math.random. */
  random?: Random;
}

// Without a breaker every call gets through, and there is nothing to tell.
const UNGUARDED: Ticket = { success() {}, failure() {}, release() {} };

export function createResilience(options: ResilienceOptions): Resilience {
  const { source, retry, metrics } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const limiter = createLimiter(options.maxConcurrency);
  const breaker = options.circuitBreaker.enabled ? createSourceBreaker(options, clock) : undefined;
  const retries = retry.enabled ? retry.attempts : 0;

  async function call<T>(plan: ResilientCall<T>): Promise<T> {
    const deadline = startDeadline(plan.timeoutMs, plan.signal);
    const endsAt = clock.now() + plan.timeoutMs;
    let last: AttemptResult<T> | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          const delay = backoffDelay(attempt, retry, random);
          // A retry that would start only after the deadline cannot help the caller.
          if (clock.now() + delay >= endsAt) break;
          const slept = await clock.sleep(delay, deadline.signal).then(
            () => true,
            () => false,
          );
          if (!slept) break;
        }
        const ticket = breaker ? breaker.tryAcquire() : UNGUARDED;
        if (!ticket) {
          if (last) break;
          throw circuitOpenError(source, breaker?.state() ?? 'open');
        }
        if (attempt > 0) metrics.recordRetry?.(source);
        try {
          last = await limiter.run(() => plan.attempt(deadline).catch((error: unknown) => ({ error, failed: true })), deadline.signal);
        } catch {
          // The time ran out (or the client left) while waiting for a free slot.
          ticket.release();
          if (last) break;
          throw deadline.timedOut
            ? plan.timeoutError()
            : plexusError('UPSTREAM_ERROR', `Source "${source}" was not called: the request was cancelled`, { extensions: { source } });
        }
        if (plan.signal?.aborted) {
          ticket.release();
          break;
        }
        if (last.failed) ticket.failure();
        else ticket.success();
        if (!last.failed || !plan.idempotent || attempt >= retries || deadline.signal.aborted) break;
      }
    } finally {
      deadline.clear();
    }
    if (!last) throw plan.timeoutError();
    if ('error' in last) throw last.error;
    return last.value;
  }

  return { call, circuit: () => breaker?.state() };
}

function createSourceBreaker(options: ResilienceOptions, clock: Clock): CircuitBreaker {
  const settings = options.circuitBreaker;
  const breaker = createBreaker({
    failureRatio: settings.failureRatio,
    minimumRequests: settings.minimumRequests,
    windowMs: settings.window,
    openForMs: settings.openFor,
    halfOpenRequests: settings.halfOpenRequests,
    now: () => clock.now(),
    onChange(state) {
      if (state === 'open')
        options.logger?.warn({ circuit: state }, `circuit breaker of source "${options.source}" opened: calls fail fast for ${settings.openFor} ms`);
      else options.logger?.info({ circuit: state }, `circuit breaker of source "${options.source}" is ${state}`);
    },
  });
  options.metrics.watchCircuit?.(options.source, breaker.state);
  return breaker;
}

/** A call refused without touching the service, because the source's breaker is open. */
function circuitOpenError(source: string, circuit: CircuitState): GraphQLError {
  return plexusError('UPSTREAM_ERROR', `Source "${source}" is failing; calls to it are paused (circuit breaker ${circuit})`, {
    extensions: { source, circuit },
  });
}
