import pLimit from 'p-limit';

/** A cap on the calls one source has in flight; further calls queue. */
export interface ConcurrencyLimiter {
  /**
   * Runs `task` once a slot is free. When `signal` aborts while the task still waits, the promise
   * rejects with the signal's reason and the task never runs; once started, the task answers for
   * its own abort.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Calls running and waiting, for logs and tests. */
  readonly active: number;
  readonly pending: number;
}

export function createLimiter(concurrency: number): ConcurrencyLimiter {
  const limit = pLimit(concurrency);
  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (!signal) return limit(task);
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void limit(async () => {
          signal.removeEventListener('abort', onAbort);
          // Given up while waiting: the slot is handed on at once.
          if (signal.aborted) return;
          await Promise.resolve().then(task).then(resolve, reject);
        });
      });
    },
    get active() {
      return limit.activeCount;
    },
    get pending() {
      return limit.pendingCount;
    },
  };
}
