import type { RedisClient } from '../redis/create-client.js';
import type { RedisGuard } from '../redis/guard.js';
import type { RateLimitStore } from './store.js';
import { TAKE_TOKENS_LUA } from './take-tokens-script.js';

const COMMAND = 'plexusTakeTokens';

type ScriptCommand = (numberOfKeys: number, ...args: (string | number)[]) => Promise<number[]>;

/**
 * Buckets in Redis, shared by every replica. One EVALSHA per request (ioredis falls back to EVAL
 * once when the script is not cached yet), within the request's Redis budget; a Redis error, or a
 * call the guard holds back, rejects, and the caller decides to fail open or closed.
 */
export function createRedisStore(client: RedisClient, guard: RedisGuard): RateLimitStore {
  client.defineCommand(COMMAND, { lua: TAKE_TOKENS_LUA });
  const run = (client as unknown as Record<string, ScriptCommand>)[COMMAND]!.bind(client);
  return {
    async consume(buckets, cost, budget = guard.budget()) {
      const keys = buckets.map((bucket) => bucket.key);
      const limits = buckets.flatMap((bucket) => [bucket.points, bucket.windowMs]);
      const reply = await budget.run(() => run(buckets.length, ...keys, cost, ...limits));
      return {
        allowed: reply[0] === 1,
        buckets: buckets.map((_bucket, index) => ({
          remaining: Number(reply[1 + index * 3]),
          resetMs: Number(reply[2 + index * 3]),
          retryAfterMs: Number(reply[3 + index * 3]),
        })),
      };
    },
  };
}
