import type { APQStore } from '@graphql-yoga/plugin-apq';
import { LRUCache } from 'lru-cache';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { PersistedDocumentsConfig } from './config.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis/create-client.js';
import type { RedisGuard } from '../redis/guard.js';

type ApqConfig = PersistedDocumentsConfig['apq'];

/**
 * Where APQ registrations live when `persistedDocuments.apq.store` is not set: with Redis, like
 * the stores already shared through it, so a document registered on one replica runs by its hash
 * on every other.
 */
export function apqStoreKind(config: GatewayConfig): 'memory' | 'redis' {
  if (config.persistedDocuments.apq.store) return config.persistedDocuments.apq.store;
  const shared = (config.cache.enabled && config.cache.store === 'redis') || (config.rateLimit.enabled && config.rateLimit.store === 'redis');
  return shared ? 'redis' : 'memory';
}

/** Documents registered in this process, bounded by count and by bytes: registering costs a client nothing. */
export function createMemoryApqStore({ maxEntries, maxBytes }: Pick<ApqConfig, 'maxEntries' | 'maxBytes'>): APQStore {
  const documents = new LRUCache<string, string>({ max: maxEntries, maxSize: maxBytes, sizeCalculation: (document, hash) => document.length + hash.length });
  return { get: (hash) => documents.get(hash), set: (hash, document) => void documents.set(hash, document) };
}

export interface RedisApqStoreOptions {
  client: RedisClient;
  guard: RedisGuard;
  config: Pick<ApqConfig, 'ttl' | 'maxDocumentBytes' | 'keyPrefix'>;
  logger: Logger;
}

/**
 * Documents registered in Redis (one Redis or a cluster), shared by every replica: one key per
 * document hash, so each command names one key and any slot will do. Bounded by `ttl` and
 * `maxDocumentBytes` (the APQ plugin checks that a document matches its hash before it is stored).
 * Redis failing never fails a request: a lookup that fails is a miss (the client then sends the
 * document again) and a registration that fails is skipped; calls wait at most the Redis budget.
 */
export function createRedisApqStore({ client, guard, config, logger }: RedisApqStoreOptions): APQStore {
  let failing = false;
  const succeeded = () => {
    if (failing) logger.info('APQ store answers again');
    failing = false;
  };
  const failed = (action: string) => (error: unknown) => {
    if (!failing) logger.error({ err: error, action }, 'APQ store failed: documents are not shared until it answers');
    failing = true;
    return undefined;
  };
  const key = (hash: string) => `${config.keyPrefix}${hash}`;
  return {
    get: (hash) =>
      guard
        .budget()
        .run(() => client.get(key(hash)))
        .then((document) => {
          succeeded();
          return document ?? undefined;
        }, failed('get')),
    set: async (hash, document) => {
      if (Buffer.byteLength(document) > config.maxDocumentBytes) return;
      await guard
        .budget()
        .run(() => client.set(key(hash), document, 'PX', config.ttl))
        .then(succeeded, failed('set'));
    },
  };
}
