import type { Bucket, BucketState, Consumption } from './store.js';

/** What a store keeps per bucket: points left at time `at` (milliseconds). */
export interface TokenState {
  tokens: number;
  at: number;
}

/**
 * The token bucket, as a pure function: refills each bucket for the time elapsed, then charges
 * `cost` to all of them if all have room. The Redis script (take-tokens-script.ts) is the same algorithm.
 */
export function takeTokens(
  buckets: readonly Bucket[],
  states: readonly (TokenState | undefined)[],
  cost: number,
  now: number,
): { consumption: Consumption; next: TokenState[] } {
  const refilled = buckets.map((bucket, index) => {
    const state = states[index];
    const rate = bucket.points / bucket.windowMs;
    const tokens = state ? Math.min(bucket.points, state.tokens + Math.max(0, now - state.at) * rate) : bucket.points;
    return { bucket, rate, tokens, spend: Math.min(cost, bucket.points) };
  });
  const allowed = refilled.every(({ tokens, spend }) => tokens >= spend);
  const next: TokenState[] = [];
  const results: BucketState[] = refilled.map(({ bucket, rate, tokens, spend }) => {
    const left = allowed ? tokens - spend : tokens;
    next.push({ tokens: left, at: now });
    return {
      remaining: Math.floor(left),
      resetMs: Math.ceil((bucket.points - left) / rate),
      retryAfterMs: !allowed && tokens < spend ? Math.ceil((spend - tokens) / rate) : 0,
    };
  });
  return { consumption: { allowed, buckets: results }, next };
}
