import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig } from './config.js';
import type { RedisNode } from './nodes.js';
import type { Logger } from '../logger.js';

export type RedisClient = Redis | Cluster;

/**
 * Opens the gateway's Redis connection and waits (up to `connectTimeout`) until it is ready, so the
 * first requests do not meet a connection still being set up. An unreachable Redis does not stop
 * the gateway: stores then fail open or closed as configured while the client keeps retrying.
 */
export async function connectRedis(config: RedisConfig, logger: Logger): Promise<RedisClient> {
  const client = createRedisClient(config, logger);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, config.connectTimeout);
    client.once('ready', done);
    function done() {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    }
  });
  return client;
}

/**
 * The gateway's one Redis connection. Commands fail at once while it is down (no offline queue,
 * no retries), so a store can fail open or closed without making requests wait; the client keeps
 * reconnecting in the background.
 */
export function createRedisClient(config: RedisConfig, logger: Logger): RedisClient {
  const options: RedisOptions = {
    connectTimeout: config.connectTimeout,
    commandTimeout: config.commandTimeout,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  const client = config.cluster ? createClusterClient(config.cluster, options) : new Redis(config.url, options);
  let down = false;
  // Without a listener ioredis prints every reconnect failure; log the outage once instead.
  client.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'Redis is unreachable');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('Redis is reachable again');
    down = false;
  });
  return client;
}

/**
 * A Redis Cluster client over the seed nodes, with the single-node client's options for every
 * node it learns of: TLS and credentials come from the seeds (any `rediss://` seed turns TLS on).
 * Like the single client it queues nothing while the cluster is unreachable.
 */
function createClusterClient(seeds: readonly RedisNode[], options: RedisOptions): Cluster {
  const credentials = seeds.find((seed) => seed.password !== undefined || seed.username !== undefined);
  return new Cluster(
    seeds.map(({ host, port }) => ({ host, port })),
    {
      redisOptions: {
        ...options,
        ...(seeds.some((seed) => seed.tls) && { tls: {} }),
        ...(credentials?.username !== undefined && { username: credentials.username }),
        ...(credentials?.password !== undefined && { password: credentials.password }),
      },
      enableOfflineQueue: false,
      enableReadyCheck: true,
      slotsRefreshTimeout: options.connectTimeout ?? 2_000,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    },
  );
}
