import type { RedisClient } from '../redis/create-client.js';
import type { RedisGuard } from '../redis/guard.js';
import { resultFromBody, type CacheEntityRecord, type ResponseStore, type StoredResponse } from './response-store.js';

/** What Redis holds for one response: its serialized form, so a hit is not re-serialized. */
interface StoredText extends Omit<StoredResponse, 'result'> {
  body: string;
  hasExtensions: boolean;
}

const TAG_COMMAND = 'plexusTagResponse';

/**
 * Adds a response key to one tag set and keeps the set alive as long as the longest-lived response
 * it names (PTTL is -1 for a new set). One key, so one slot; it works on any Redis version, where
 * PEXPIRE NX/GT needs Redis 7.
 */
const TAG_RESPONSE_LUA = `
redis.call('SADD', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

type TagCommand = (numberOfKeys: number, tag: string, responseKey: string, ttl: number) => Promise<number>;

/**
 * Responses in Redis, shared by every replica, on one Redis or a Redis Cluster alike. Every command
 * names one key, so keys may live in any slot and no command is refused as cross-slot:
 * - `<prefix>r:<key>` holds a response (SET … PX ttl);
 * - `<prefix>t:<Type>` and `<prefix>t:<Type>:<id>` are tag sets naming the responses that hold
 *   an entity of that type, or that entity, each expiring with its longest-lived response.
 * Invalidation reads the tag sets (SMEMBERS) and deletes each response with a DEL of its own: no
 * KEYS or SCAN over the keyspace, which blocks one Redis and which a cluster cannot answer for all its nodes. Every response
 * is tagged with each type it holds, so dropping a whole type reads one set. Each call, however
 * many commands it takes, runs within the request's Redis budget.
 */
export function createRedisStore(client: RedisClient, keyPrefix: string, guard: RedisGuard): ResponseStore {
  client.defineCommand(TAG_COMMAND, { lua: TAG_RESPONSE_LUA });
  const tagResponse = (client as unknown as Record<string, TagCommand>)[TAG_COMMAND]!.bind(client);
  const responseKey = (key: string) => `${keyPrefix}r:${key}`;
  const tagKey = (tag: string) => `${keyPrefix}t:${tag}`;

  return {
    async get(key, budget = guard.budget()) {
      const text = await budget.run(() => client.get(responseKey(key)));
      if (text === null) return undefined;
      const { body, hasExtensions, ...meta } = JSON.parse(text) as StoredText;
      return { ...meta, result: resultFromBody(body, hasExtensions) };
    },
    async set(key, response, entities, body, budget = guard.budget()) {
      const { result, ...meta } = response;
      const stored: StoredText = { ...meta, body, hasExtensions: result.extensions !== undefined };
      const target = responseKey(key);
      await budget.run(async () => {
        // The response first: a tag naming a response that is not there yet costs nothing, a
        // response that no tag names could not be invalidated.
        await client.set(target, JSON.stringify(stored), 'PX', response.ttl);
        await Promise.all(tagsOf(entities).map((tag) => tagResponse(1, tagKey(tag), target, response.ttl)));
      });
    },
    async invalidate(entities, budget = guard.budget()) {
      const tags = [...new Set(entities.map(({ typename, id }) => (hasId(id) ? `${typename}:${id}` : typename)))].map(tagKey);
      await budget.run(async () => {
        const members = await Promise.all(tags.map((tag) => client.smembers(tag)));
        const doomed = [...new Set(members.flat()), ...tags];
        await Promise.all(doomed.map((key) => client.del(key)));
      });
    },
  };
}

/** A response is tagged with each type it holds and with each entity that has an id. */
function tagsOf(entities: readonly CacheEntityRecord[]): string[] {
  const tags = new Set<string>();
  for (const { typename, id } of entities) {
    tags.add(typename);
    if (hasId(id)) tags.add(`${typename}:${id}`);
  }
  return [...tags];
}

function hasId(id: CacheEntityRecord['id']): id is string | number {
  return id !== undefined && id !== null && id !== '';
}
