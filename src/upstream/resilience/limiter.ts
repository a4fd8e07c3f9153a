import { createSlots } from './slots.js';

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

/**
 * A call that finds a free slot runs at once, with no promise or queue entry of the limiter's own:
 * under a cap that is rarely reached (the usual case) the cap costs nothing per call. A freed slot
 * goes to the oldest waiter still waiting.
 */
export function createLimiter(concurrency: number): ConcurrencyLimiter {
  const slots = createSlots(() => concurrency);
  const runHeld = <T>(task: () => Promise<T>, release: () => void): Promise<T> => {
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
      let started: Promise<T> | undefined;
      let settle: ((running: Promise<T>) => void) | undefined;
      const withdraw = slots.enter((release) => {
        const running = runHeld(task, release);
        if (settle) settle(running);
        else started = running;
      });
      if (started) return started;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          withdraw?.();
          reject(signal!.reason);
        };
        settle = (running) => {
          signal?.removeEventListener('abort', onAbort);
          running.then(resolve, reject);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    get active() {
      return slots.active;
    },
    get pending() {
      return slots.pending;
    },
  };
}
