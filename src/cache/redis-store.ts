import type { ExecutionResult } from 'graphql';
import { ReplyError, type Redis } from 'ioredis';
import { createRedisCache } from '@envelop/response-cache-redis';
import type { RedisGuard } from '../redis/guard.js';
import { resultFromBody, type CacheEntityRecord, type ResponseStore, type StoredResponse } from './response-store.js';

/** What Redis holds for one response: its serialized form, not the object, so a hit is not re-serialized. */
interface StoredText extends Omit<StoredResponse, 'result'> {
  body: string;
  hasExtensions: boolean;
}

/**
 * Responses in Redis, shared by every replica, through @envelop/response-cache-redis. Every key it
 * writes starts with `keyPrefix`: the response keys and entity keys by construction, the per-type
 * index sets by prefixing the type names it is given. Each call, however many commands it takes,
 * runs within the request's Redis budget.
 */
export function createRedisStore(client: Redis, keyPrefix: string, guard: RedisGuard): ResponseStore {
  const cache = createRedisCache({
    redis: client,
    buildRedisOperationResultCacheKey: (responseKey) => `${responseKey}:entities`,
  });
  const prefixed = (entities: readonly CacheEntityRecord[]): CacheEntityRecord[] =>
    entities.map((entity) => ({ ...entity, typename: keyPrefix + entity.typename }));

  return {
    async get(key, budget = guard.budget()) {
      // The library stores any JSON value; ours is a StoredText.
      const stored = (await budget.run(async () => cache.get(keyPrefix + key))) as StoredText | null | undefined;
      if (!stored) return undefined;
      const { body, hasExtensions, ...meta } = stored;
      return { ...meta, result: resultFromBody(body, hasExtensions) };
    },
    async set(key, response, entities, body, budget = guard.budget()) {
      const responseKey = keyPrefix + key;
      const indexed = prefixed(entities);
      const { result, ...meta } = response;
      const stored: StoredText = { ...meta, body, hasExtensions: result.extensions !== undefined };
      await budget.run(async () => {
        await cache.set(responseKey, stored as unknown as ExecutionResult, indexed, response.ttl);
        await expireIndex(client, [`${responseKey}:entities`, ...indexKeys(indexed)], response.ttl);
      });
    },
    async invalidate(entities, budget = guard.budget()) {
      await budget.run(async () => cache.invalidate(prefixed(entities)));
    },
  };
}

/**
 * The library's index sets never expire, so on their own they would grow for as long as Redis
 * runs. Each set lives as long as the longest-lived response it points to: NX gives a new set a
 * TTL, GT only ever extends it (Redis 7).
 */
async function expireIndex(client: Redis, keys: string[], ttl: number): Promise<void> {
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.pexpire(key, ttl, 'NX').pexpire(key, ttl, 'GT');
  // A pipeline reports failures per command, and the library drops its own: a connection error
  // here is how a write to a Redis that is away shows. A reply error (an older Redis) is not one.
  const failure = (await pipeline.exec())?.find(([error]) => error && !(error instanceof ReplyError))?.[0];
  if (failure) throw failure;
}

function indexKeys(entities: readonly CacheEntityRecord[]): string[] {
  const keys = new Set<string>();
  for (const { typename, id } of entities) {
    keys.add(typename);
    if (id !== undefined && id !== null && id !== '') keys.add(`${typename}:${id}`);
  }
  return [...keys];
}
