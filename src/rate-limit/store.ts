import type { RedisBudget } from '../redis/budget.js';

/** One budget a request spends from: a token bucket of `points` that refills completely in `windowMs`. */
export interface Bucket {
  /** Store key; buckets of one caller share a Redis Cluster hash tag. */
  key: string;
  points: number;
  windowMs: number;
}

export interface BucketState {
  /** Whole points left after this request. */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
  /** Milliseconds until this request's cost would fit; 0 when it fits now. */
  retryAfterMs: number;
}

export interface Consumption {
  /** True when every bucket had room; then every bucket was charged, else none was. */
  allowed: boolean;
  /** One per bucket, in the order given. */
  buckets: BucketState[];
}

/**
 * Where buckets live. `consume` is atomic across its buckets: either all are charged or none.
 * A cost larger than a bucket is charged as the whole bucket, so any operation can run on a full one.
 * A failed `consume` may carry `retryAfterMs`: when the store can be asked again.
 */
export interface RateLimitStore {
  /** `budget`: the request's Redis wait, for a store in Redis. */
  consume(buckets: readonly Bucket[], cost: number, budget?: RedisBudget): Promise<Consumption>;
}
