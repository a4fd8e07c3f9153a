/** A cap on the calls one source has in flight; further calls queue. */
export interface ConcurrencyLimiter {
  /**
   * Runs `task` once a slot is free. When `signal` aborts while the task still waits, the promise
   * rejects with the signal's reason, the task never runs and holds no slot; once started, the task
   * answers for its own abort.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Calls running and waiting, for logs and tests. */
  readonly active: number;
  readonly pending: number;
}

interface Waiter {
  start(): void;
}

/**
 * A counting semaphore. A call that finds a free slot runs at once, with no promise or queue entry
 * of the limiter's own: under a cap that is rarely reached (the usual case) the cap costs nothing
 * per call. A freed slot goes to the oldest waiter still waiting.
 */
export function createLimiter(concurrency: number): ConcurrencyLimiter {
  let active = 0;
  const waiting = new Set<Waiter>();

  const release = () => {
    const next = waiting.values().next();
    if (next.done) active--;
    else {
      // The slot passes straight on: `active` stays as it is.
      waiting.delete(next.value);
      next.value.start();
    }
  };
  const runHeld = <T>(task: () => Promise<T>): Promise<T> => {
    let running: Promise<T>;
    try {
      running = task();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    return running.finally(release);
  };

  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < concurrency) {
        active++;
        return runHeld(task);
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(waiter);
          reject(signal!.reason);
        };
        const waiter: Waiter = {
          start() {
            signal?.removeEventListener('abort', onAbort);
            runHeld(task).then(resolve, reject);
          },
        };
        waiting.add(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    get active() {
      return active;
    },
    get pending() {
      return waiting.size;
    },
  };
}
