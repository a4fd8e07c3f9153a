import type { APQStore } from '@graphql-yoga/plugin-apq';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../logger.js';
import type { PlexusMetrics } from '../metrics/metrics.js';
import { createMemoryStore as createMemoryResponseStore } from '../cache/memory-store.js';
import { createRedisStore as createRedisResponseStore } from '../cache/redis-store.js';
import type { ResponseStore } from '../cache/response-store.js';
import { apqStoreKind, createRedisApqStore } from '../persisted-documents/apq-store.js';
import { createMemoryStore } from '../rate-limit/memory-store.js';
import { createRedisStore } from '../rate-limit/redis-store.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import { connectRedis, type RedisClient } from '../redis/create-client.js';
import { createRedisGuard, type RedisGuard } from '../redis/guard.js';

/** Where a gateway keeps what its replicas share: in memory, or in Redis when the configuration says so. */
export interface Stores {
  rateLimitStore: RateLimitStore;
  responseCacheStore: ResponseStore;
  /** Set when APQ registrations are kept in Redis; otherwise each yoga server keeps its own. */
  apqStore?: APQStore;
  redis?: RedisClient;
  redisGuard?: RedisGuard;
}

/**
 * Opens one Redis connection per gateway, only when a store needs it, and makes the stores. Stores
 * given by the caller (tests, embedding) are used as they are.
 */
export async function openStores(
  config: GatewayConfig,
  given: { rateLimitStore?: RateLimitStore; responseCacheStore?: ResponseStore },
  logger: Logger,
  metrics: PlexusMetrics,
): Promise<Stores> {
  const apqInRedis = config.persistedDocuments.apq.enabled && !config.persistedDocuments.trustedOnly && apqStoreKind(config) === 'redis';
  const needsRedis =
    (!given.rateLimitStore && config.rateLimit.enabled && config.rateLimit.store === 'redis') ||
    (!given.responseCacheStore && config.cache.enabled && config.cache.store === 'redis') ||
    apqInRedis;
  const redis: RedisClient | undefined = needsRedis ? await connectRedis(config.redis, logger) : undefined;
  // Every Redis store calls through one guard, so that a silent Redis is noticed and held back once for all.
  const redisGuard = redis && createRedisGuard({ client: redis, config: config.redis, logger, metrics });
  const rateLimitStore =
    given.rateLimitStore ?? (redis && redisGuard && config.rateLimit.store === 'redis' ? createRedisStore(redis, redisGuard) : createMemoryStore());
  // One store for one Redis and a cluster alike: every command names one key, and nothing walks the keyspace.
  const responseCacheStore =
    given.responseCacheStore ??
    (redis && redisGuard && config.cache.store === 'redis'
      ? createRedisResponseStore(redis, config.cache.keyPrefix, redisGuard)
      : createMemoryResponseStore(config.cache));
  const apqStore =
    redis && redisGuard && apqInRedis ? createRedisApqStore({ client: redis, guard: redisGuard, config: config.persistedDocuments.apq, logger }) : undefined;
  return { rateLimitStore, responseCacheStore, ...(apqStore && { apqStore }), ...(redis && { redis }), ...(redisGuard && { redisGuard }) };
}
