import type { FeaturePlugins } from '../feature.js';
import type { RedisGuard } from './guard.js';
import { useRedisBudget } from './useRedisBudget.js';

/** One budget of Redis waiting per request; none when no store uses Redis. */
export function redisBudget({ redisGuard }: { redisGuard?: RedisGuard }): FeaturePlugins {
  return redisGuard ? [useRedisBudget({ guard: redisGuard })] : [];
}
