import { LRUCache } from 'lru-cache';
import type { CacheEntityRecord, ResponseStore, StoredResponse } from './response-store.js';

export interface MemoryStoreOptions {
  /** Most responses held. */
  maxEntries: number;
  /** Most bytes of serialized responses held; a larger response is not stored. */
  maxBytes: number;
}

/**
 * Responses in this process: an LRU bounded by entries and by bytes (lru-cache), each entry
 * expiring after its own TTL, with an index from entity to responses for invalidation.
 */
export function createMemoryStore({ maxEntries, maxBytes }: MemoryStoreOptions): ResponseStore {
  const keysByEntity = new Map<string, Set<string>>();
  const entitiesByKey = new Map<string, string[]>();

  const forget = (key: string) => {
    for (const entity of entitiesByKey.get(key) ?? []) {
      const keys = keysByEntity.get(entity);
      keys?.delete(key);
      if (keys?.size === 0) keysByEntity.delete(entity);
    }
    entitiesByKey.delete(key);
  };

  const responses = new LRUCache<string, StoredResponse>({
    max: maxEntries,
    maxSize: maxBytes,
    // Called for evictions, expiry, replacement and deletes alike: the index follows every one.
    dispose: (_value, key) => forget(key),
  });

  return {
    get: (key) => responses.get(key),
    set(key, response, entities, body) {
      const size = Buffer.byteLength(body) + key.length;
      if (size > maxBytes) return;
      forget(key);
      // yoga serializes a result with its own `stringify` when it has one: a hit then costs no JSON.stringify.
      const result = { ...response.result };
      Object.defineProperty(result, 'stringify', { value: () => body, enumerable: false });
      responses.set(key, { ...response, result }, { ttl: response.ttl, size });
      if (!responses.has(key)) return;
      const indexed = entityKeys(entities);
      entitiesByKey.set(key, indexed);
      for (const entity of indexed) {
        let keys = keysByEntity.get(entity);
        if (!keys) keysByEntity.set(entity, (keys = new Set()));
        keys.add(key);
      }
    },
    invalidate(entities) {
      for (const { typename, id } of entities) {
        for (const key of [...(keysByEntity.get(id === undefined || id === null ? typename : `${typename}:${id}`) ?? [])]) responses.delete(key);
      }
    },
  };
}

/** A response is indexed under each type it holds and under each entity with an id. */
function entityKeys(entities: readonly CacheEntityRecord[]): string[] {
  const keys = new Set<string>();
  for (const { typename, id } of entities) {
    keys.add(typename);
    if (id !== undefined && id !== null) keys.add(`${typename}:${id}`);
  }
  return [...keys];
}
