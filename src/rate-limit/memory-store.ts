import type { RateLimitStore } from './store.js';
import { takeTokens, type TokenState } from './token-bucket.js';

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** Buckets in this process's memory: for one replica, or tests. */
export function createMemoryStore({ now = Date.now }: MemoryStoreOptions = {}): RateLimitStore {
  const entries = new Map<string, TokenState & { fullAt: number }>();
  let nextSweep = 0;
  return {
    async consume(buckets, cost) {
      const time = now();
      // A full bucket holds no information: forget it, so idle callers do not pile up.
      if (time >= nextSweep) {
        for (const [key, entry] of entries) if (entry.fullAt <= time) entries.delete(key);
        nextSweep = time + Math.min(60_000, ...buckets.map((bucket) => bucket.windowMs));
      }
      const { consumption, next } = takeTokens(
        buckets,
        buckets.map((bucket) => entries.get(bucket.key)),
        cost,
        time,
      );
      if (consumption.allowed) {
        buckets.forEach((bucket, index) => entries.set(bucket.key, { ...next[index]!, fullAt: time + consumption.buckets[index]!.resetMs }));
      }
      return consumption;
    },
  };
}
