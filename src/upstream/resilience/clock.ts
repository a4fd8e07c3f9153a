import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the resilience policies see it; injected so that tests can hold it. */
export interface Clock {
  /** Milliseconds since some fixed point. */
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
};

/** A number in [0, 1), as Math.random gives; injected so that tests can fix the jitter. */
export type Random = () => number;
