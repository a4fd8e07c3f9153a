import type { Counter } from 'prom-client';
import type { Logger } from '../logger.js';

export interface StoreGuardOptions {
  logger: Logger;
  /** `plexus_response_cache_store_errors_total`. */
  storeErrors: Counter;
}

/**
 * Runs store calls so that a failing store (Redis down or slow) never fails a request: the call
 * gives its fallback instead (a miss, a skipped write), each failure is counted, and an outage is
 * logged once when it starts and once when the store answers again. Synchronous stores stay
 * synchronous.
 */
export function createStoreGuard({ logger, storeErrors }: StoreGuardOptions) {
  let failing = false;
  const succeeded = <T>(value: T): T => {
    if (failing) logger.info('response cache store answers again');
    failing = false;
    return value;
  };
  const failed =
    <T>(fallback: T, action: string) =>
    (error: unknown): T => {
      storeErrors.inc();
      if (!failing) logger.error({ err: error, action }, 'response cache store failed: answering without the cache');
      failing = true;
      return fallback;
    };
  return function attempt<T>(action: string, run: () => T | Promise<T>, fallback: T): T | Promise<T> {
    try {
      const value = run();
      return value instanceof Promise ? value.then(succeeded, failed(fallback, action)) : succeeded(value);
    } catch (error) {
      return failed(fallback, action)(error);
    }
  };
}
