import type { Clock } from '../../../src/upstream/resilience/clock.js';

/** A clock that moves only when told to, or by the sleeps it is asked for. */
export interface HeldClock extends Clock {
  advance(ms: number): void;
  /** Every sleep asked for, in order. */
  sleeps: number[];
}

export function heldClock(): HeldClock {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    advance(ms) {
      now += ms;
    },
  };
}

/** Polls `read` until it returns `wanted` (or `timeoutMs` passes), and returns what it read last. */
export async function eventually<T>(read: () => Promise<T> | T, wanted: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (wanted(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
