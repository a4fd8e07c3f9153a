import { z } from 'zod';
import { durationSchema, expecting, headerNameSchema, numberIn } from '../config/schema-helpers.js';

const positiveCount = numberIn({ whole: true, min: 1 });

const operationBudgetSchema = z.strictObject({
  /** Points this operation may spend per window, on top of the general budget. */
  points: positiveCount,
  /** Default: `rateLimit.window`. */
  window: durationSchema.optional(),
});

/**
 * `rateLimit`: a token bucket per caller. Each operation spends its computed cost (the cost that
 * `limits.maxCost` checks, at least 1). Off unless `points` (or an operation budget) is set.
 */
export const rateLimitConfigSchema = z
  .strictObject({
    /** Bucket size: points a caller may spend per window. Default: unset (rate limiting off). */
    points: positiveCount.optional(),
    /** Time for an empty bucket to refill completely. Default 60s. */
    window: durationSchema.default(60_000),
    /** Where buckets live: `memory` (this process) or `redis` (shared by every replica). Default `memory`. */
    store: z.enum(['memory', 'redis']).default('memory'),
    /** Prefix of the Redis keys. Default `plexus:rl:`. */
    keyPrefix: z.string().default('plexus:rl:'),
    /** When the store fails: `open` lets requests through (logged, counted), `closed` refuses them (503). Default `open`. */
    onStoreError: z.enum(['open', 'closed']).default('open'),
    /**
     * Header whose value identifies a caller without a token, before the client address does.
     * The gateway does not check the key, so set this only where something in front of it does:
     * otherwise a client gets a fresh budget by sending a new value. Default: unset.
     */
    apiKeyHeader: headerNameSchema.optional(),
    /**
     * Proxies in front of the gateway that append to `X-Forwarded-For`. 0 ignores the header and
     * uses the connection's address; N takes the N-th address from the right. Default 0.
     */
    trustedProxies: numberIn({ whole: true, min: 0 }).default(0),
    /**
     * Extra budgets by operation name, spent in addition to the general one. Operation names are
     * chosen by the client, so an entry can only add a limit, never loosen one.
     */
    operations: z.record(z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, expecting('a GraphQL operation name')), operationBudgetSchema).default({}),
  })
  .transform((rateLimit) => ({ ...rateLimit, enabled: rateLimit.points !== undefined || Object.keys(rateLimit.operations).length > 0 }));

export type RateLimitConfig = z.output<typeof rateLimitConfigSchema>;

export const rateLimitEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_RATE_LIMIT_POINTS: ['rateLimit', 'points'],
  PLEXUS_RATE_LIMIT_WINDOW: ['rateLimit', 'window'],
  PLEXUS_RATE_LIMIT_STORE: ['rateLimit', 'store'],
  PLEXUS_RATE_LIMIT_KEY_PREFIX: ['rateLimit', 'keyPrefix'],
  PLEXUS_RATE_LIMIT_ON_STORE_ERROR: ['rateLimit', 'onStoreError'],
  PLEXUS_RATE_LIMIT_TRUSTED_PROXIES: ['rateLimit', 'trustedProxies'],
  PLEXUS_RATE_LIMIT_API_KEY_HEADER: ['rateLimit', 'apiKeyHeader'],
};
