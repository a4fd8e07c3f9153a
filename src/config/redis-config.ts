import { z } from 'zod';
import { durationSchema } from './source-config.js';
import { booleanish } from './schema-helpers.js';

/** `redis`: the one connection a gateway opens when a store is set to `redis`. */
export const redisConfigSchema = z.strictObject({
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. Default `redis://127.0.0.1:6379`. */
  url: z.string().min(1).default('redis://127.0.0.1:6379'),
  /** Treat `url` as one node of a Redis Cluster. Default false. */
  cluster: booleanish.default(false),
  /** How long a connection attempt may take. Default 2s. */
  connectTimeout: durationSchema.default(2_000),
  /** How long one command may take before it counts as a store error. Default 500ms. */
  commandTimeout: durationSchema.default(500),
});

export type RedisConfig = z.output<typeof redisConfigSchema>;

export const redisEnvBindings: Record<string, readonly string[]> = {
  REDIS_URL: ['redis', 'url'],
  PLEXUS_REDIS_CLUSTER: ['redis', 'cluster'],
};
