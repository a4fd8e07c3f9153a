import { z } from 'zod';
import { durationSchema, numberIn } from '../config/schema-helpers.js';
import { parseRedisNode, redisClusterSchema } from './nodes.js';

/** `redis`: the one connection a gateway opens when a store is set to `redis`. */
export const redisConfigSchema = z
  .strictObject({
    /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. Default `redis://127.0.0.1:6379`. */
    url: z.string().min(1).default('redis://127.0.0.1:6379'),
    /**
     * Redis Cluster: the seed nodes (`[host:port, …]`, `redis://host:port` or `rediss://` for TLS;
     * `PLEXUS_REDIS_CLUSTER` takes them comma-separated), or `true` to use `url` as the one seed.
     * The other nodes are learnt from the seeds. Default false: one Redis at `url`.
     */
    cluster: redisClusterSchema.prefault(false),
    /** How long a connection attempt may take. Default 2s. */
    connectTimeout: durationSchema.default(2_000),
    /**
     * How long one command may take before it counts as a failure, and how long one request may wait
     * on Redis in all, whatever number of store calls it makes. A command that runs out of it has its
     * connection replaced. Default 500ms.
     */
    commandTimeout: durationSchema.default(500),
    /** Failed calls in a row after which the gateway stops calling Redis for `cooldown`. Default 3. */
    failureThreshold: numberIn({ whole: true, min: 1 }).default(3),
    /**
     * How long calls are held back after `failureThreshold` failures; then a PING decides whether
     * Redis is used again (sooner when a new connection becomes ready). Default 5s.
     */
    cooldown: durationSchema.default(5_000),
  })
  .transform((redis, ctx) => {
    if (redis.cluster !== true) return { ...redis, cluster: redis.cluster };
    // `cluster: true` (the older form) keeps working: `url` is then the one seed node.
    const seed = parseRedisNode(redis.url);
    if (typeof seed === 'string') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: seed });
      return z.NEVER;
    }
    return { ...redis, cluster: [seed] };
  });

export type RedisConfig = z.output<typeof redisConfigSchema>;

export const redisEnvBindings: Record<string, readonly string[]> = {
  REDIS_URL: ['redis', 'url'],
  PLEXUS_REDIS_CLUSTER: ['redis', 'cluster'],
  PLEXUS_REDIS_COMMAND_TIMEOUT: ['redis', 'commandTimeout'],
  PLEXUS_REDIS_FAILURE_THRESHOLD: ['redis', 'failureThreshold'],
  PLEXUS_REDIS_COOLDOWN: ['redis', 'cooldown'],
};
