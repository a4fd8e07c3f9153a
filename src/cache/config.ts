import { z } from 'zod';
import { booleanish, byteSizeSchema, durationSchema, expecting, numberIn } from '../config/schema-helpers.js';
import { got } from '../config/issue-messages.js';

const positiveCount = numberIn({ whole: true, min: 1 });
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

const scopeSchema = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(['PUBLIC', 'PRIVATE'], expecting('PUBLIC or PRIVATE')));

/**
 * A hint for one type or field: a TTL (`30s`; `0` never caches a response holding it), or
 * `{ ttl?, scope? }`. The same thing `@cacheControl(maxAge, scope)` says in schemas/*.graphql,
 * and for the same type or field the value here wins.
 */
const hintSchema = z.preprocess(
  (value) => (value !== null && typeof value === 'object' ? value : { ttl: value }),
  z
    .strictObject({ ttl: durationSchema.optional(), scope: scopeSchema.optional() })
    .refine((hint) => hint.ttl !== undefined || hint.scope !== undefined, { error: 'give ttl, scope or both' }),
);

/** A record whose keys must match `pattern`; a wrong key is reported at its own path. */
const recordOf = <T extends z.ZodType>(pattern: RegExp, what: string, value: T) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) if (!pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `expected ${what}${got(key)}` });
  });

export type CacheHint = z.output<typeof hintSchema>;

/**
 * `cache`: the response cache. Off unless `ttl` is above zero. It answers a query it has seen
 * before from the store, after authentication, query limits and the rate limit have passed.
 */
export const cacheConfigSchema = z
  .strictObject({
    /**
     * TTL of a response when none of its types and fields has one of its own; `0` turns the
     * cache off. A bare number is milliseconds. Default 0 (off).
     */
    ttl: durationSchema.default(0),
    /** `memory` (this process) or `redis` (shared by every replica). Default `memory`. */
    store: z.enum(['memory', 'redis']).default('memory'),
    /** Most responses the memory store holds. Default 10000. */
    maxEntries: positiveCount.default(10_000),
    /** Most bytes (serialized JSON) the memory store holds; a larger response is not stored. Default 64mb. */
    maxBytes: byteSizeSchema.default(64 * 1024 * 1024),
    /** Prefix of every Redis key the cache writes. Default `plexus:rc:`. */
    keyPrefix: z.string().min(1).default('plexus:rc:'),
    /** TTL and scope by type name, e.g. `{ User: 60s, Cart: { scope: PRIVATE } }`. Default none. */
    types: recordOf(GRAPHQL_NAME, 'a GraphQL type name', hintSchema).default({}),
    /** TTL and scope by field, as `Type.field`, e.g. `{ Query.products: 30s }`. Default none. */
    fields: recordOf(/^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/, 'a field as Type.field', hintSchema).default({}),
    /** Field names that identify an entity, for invalidation by mutations. Default `[id]`. */
    idFields: z.array(z.string().regex(GRAPHQL_NAME, 'not a GraphQL field name')).min(1).default(['id']),
    /** Add `extensions.responseCache` (hit, TTL) to responses: for debugging, never in production. Default false. */
    includeExtensionMetadata: booleanish.default(false),
  })
  .transform((cache) => ({ ...cache, enabled: cache.ttl > 0 }));

export type CacheConfig = z.output<typeof cacheConfigSchema>;

export const cacheEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_CACHE_TTL: ['cache', 'ttl'],
  PLEXUS_CACHE_STORE: ['cache', 'store'],
  PLEXUS_CACHE_MAX_ENTRIES: ['cache', 'maxEntries'],
  PLEXUS_CACHE_MAX_BYTES: ['cache', 'maxBytes'],
  PLEXUS_CACHE_KEY_PREFIX: ['cache', 'keyPrefix'],
};
