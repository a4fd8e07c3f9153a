import type { Consumption } from './store.js';

export interface NamedBucket {
  /** Policy name in the headers: `default`, or `op-<operationName>`. */
  name: string;
  points: number;
  windowMs: number;
}

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy` gives each
 * budget's quota and window in seconds, `RateLimit` what is left and when it is full again, and
 * `Retry-After` when refused.
 */
export function rateLimitHeaders(buckets: readonly NamedBucket[], consumption: Consumption): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-policy': buckets.map((bucket) => `"${bucket.name}";q=${bucket.points};w=${Math.ceil(bucket.windowMs / 1000)}`).join(', '),
    ratelimit: buckets
      .map((bucket, index) => {
        const state = consumption.buckets[index]!;
        return `"${bucket.name}";r=${state.remaining};t=${Math.ceil(state.resetMs / 1000)}`;
      })
      .join(', '),
  };
  if (!consumption.allowed) {
    const waitMs = Math.max(...consumption.buckets.map((state) => state.retryAfterMs));
    headers['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
  }
  return headers;
}
