import { Counter, Gauge, type Registry } from 'prom-client';

/** The Redis guard's Prometheus metrics. */
export interface RedisMetrics {
  /** Store calls not sent to Redis: `unavailable` (held back after repeated failures) or `budget` (the request's wait was spent). */
  redisSkippedCalls: Counter<'reason'>;
  /** Publishes `plexus_redis_up` (1 while calls go to Redis, 0 while they are held back); only gateways using Redis have it. */
  watchRedis(up: () => boolean): void;
}

export function createRedisMetrics(registry: Registry): RedisMetrics {
  let redisUp: (() => boolean) | undefined;
  return {
    redisSkippedCalls: new Counter({
      name: 'plexus_redis_skipped_calls_total',
      help: 'Store calls not sent to Redis: unavailable (held back after repeated failures) or budget (the request already waited on Redis)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    watchRedis(up: () => boolean) {
      // Made on first use: a gauge without labels always shows a value, and 0 would read as "Redis down".
      if (!redisUp) {
        new Gauge({
          name: 'plexus_redis_up',
          help: '1 while the gateway sends store calls to Redis, 0 while it holds them back after repeated failures',
          registers: [registry],
          // Over a cluster's workers: 0 as soon as one of them holds calls back.
          aggregator: 'min',
          collect() {
            this.set(redisUp!() ? 1 : 0);
          },
        });
      }
      redisUp = up;
    },
  };
}
