import type { FeaturePlugins } from '../feature.js';
import type { ByteBudget } from './byte-budget.js';
import { useUpstreamByteBudget } from './useUpstreamByteBudget.js';

/** Holds the upstream answer bytes each operation reads against the gateway's budget until it has its result. */
export function upstreamByteBudget({ byteBudget }: { byteBudget: ByteBudget }): FeaturePlugins {
  return [useUpstreamByteBudget({ budget: byteBudget })];
}
