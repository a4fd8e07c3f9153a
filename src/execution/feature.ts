import type { FeaturePlugins } from '../feature.js';
import type { ExecutionMetrics } from './metrics.js';
import { useConditionalSelections } from './useConditionalSelections.js';
import { useErrorCodes } from './useErrorCodes.js';
import { useIncrementalDelivery } from './useIncrementalDelivery.js';
import { usePlannedExecution } from './usePlannedExecution.js';

interface ExecutionParts {
  config: { execution: { planner: boolean; planCacheSize: number; exposePlan: boolean } };
  metrics: ExecutionMetrics;
}

/** Gives every answered error a code, yoga's own included. */
export function errorCodes(): FeaturePlugins {
  return [useErrorCodes()];
}

/**
 * The execution engine: @skip/@include decided early, the query planner over the standard executor
 * (with `execution.planner`), then @defer and @stream for the clients that read incremental answers.
 */
export function executionEngine({ config, metrics }: ExecutionParts): FeaturePlugins {
  const { planner, planCacheSize, exposePlan } = config.execution;
  return [
    useConditionalSelections(),
    // Wraps the standard executor above: what the planner does not cover yet runs on it.
    ...(planner ? [usePlannedExecution({ cacheSize: planCacheSize, exposePlan, plans: metrics.queryPlans })] : []),
    // Wraps the engine: only clients that read incremental answers get @defer and @stream.
    useIncrementalDelivery(),
  ];
}
