import type { Cluster, Redis } from 'ioredis';
import type { RateLimitStore } from './store.js';
import { TAKE_TOKENS_LUA } from './take-tokens-script.js';

const COMMAND = 'plexusTakeTokens';

type ScriptCommand = (numberOfKeys: number, ...args: (string | number)[]) => Promise<number[]>;

/**
 * Buckets in Redis, shared by every replica. One EVALSHA per request (ioredis falls back to EVAL
 * once when the script is not cached yet); a Redis error rejects, and the caller decides to fail
 * open or closed.
 */
export function createRedisStore(client: Redis | Cluster): RateLimitStore {
  client.defineCommand(COMMAND, { lua: TAKE_TOKENS_LUA });
  const run = (client as unknown as Record<string, ScriptCommand>)[COMMAND]!.bind(client);
  return {
    async consume(buckets, cost) {
      const reply = await run(buckets.length, ...buckets.map((bucket) => bucket.key), cost, ...buckets.flatMap((bucket) => [bucket.points, bucket.windowMs]));
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
