import type { FeaturePlugins } from '../feature.js';
import type { LimitsConfig } from './config.js';
import type { LimitsMetrics } from './metrics.js';
import type { OperationCost } from './operation-cost.js';
import { isMultipartRequest } from '../uploads/multipart-request.js';
import { useBodySizeLimit } from './useBodySizeLimit.js';
import { useInputLimits } from './useInputLimits.js';
import { useParamsGuard } from './useParamsGuard.js';
import { useQueryLimits } from './useQueryLimits.js';

interface QueryLimitParts {
  config: { limits: LimitsConfig };
  /** The pricing the rate limit shares. */
  operationCost: OperationCost;
  metrics: LimitsMetrics;
}

/** Refuses request parameters of the wrong shape before anything reads them. */
export function paramsGuard(): FeaturePlugins {
  return [useParamsGuard()];
}

/** Depth, cost, aliases, tokens, directives and input sizes: each refuses the operation before any upstream call. */
export function queryLimits({ config, operationCost, metrics }: QueryLimitParts): FeaturePlugins {
  return [
    useQueryLimits({ config: config.limits, rejected: metrics.queryRejected }),
    useInputLimits({ config: config.limits, cost: operationCost, rejected: metrics.queryRejected }),
  ];
}

/**
 * `limits.maxBodySize` for every body but a multipart one, which `uploads` limits by its own keys.
 * Only with `uploads.enabled`: otherwise yoga's own parser applies the limit (`maxRequestBodySize`).
 */
export function bodySizeLimit({ config }: { config: { uploads: { enabled: boolean }; limits: Pick<LimitsConfig, 'maxBodySize'> } }): FeaturePlugins {
  return config.uploads.enabled ? [useBodySizeLimit({ maxBytes: config.limits.maxBodySize, except: isMultipartRequest })] : [];
}
