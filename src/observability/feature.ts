import type { Registry } from 'prom-client';
import type { FeaturePlugins } from '../feature.js';
import type { Logger } from '../logger.js';
import type { RequestMetrics } from './metrics.js';
import type { LoggingConfig } from './logging-config.js';
import type { Tracing } from './tracing.js';
import { useMetricsEndpoint } from './useMetricsEndpoint.js';
import { useRequestId } from './useRequestId.js';
import { useRequestLogging } from './useRequestLogging.js';
import { useRequestMetrics } from './useRequestMetrics.js';
import { useTracing } from './useTracing.js';

interface ReportingParts {
  config: { logging: LoggingConfig };
  logger: Logger;
  metrics: RequestMetrics;
  /** Absent when tracing is off. */
  tracing?: Tracing;
}

interface MetricsEndpointParts {
  metrics: { registry: Registry };
  /** What GET /metrics serves instead of the registry (a cluster worker: the fleet's sum). */
  renderMetrics?: () => Promise<string>;
}

/** Gives every request its state and its `x-request-id`. */
export function requestId(): FeaturePlugins {
  return [useRequestId()];
}

/** The request's span (with `tracing.enabled`), its log line (with `logging.requests`) and its metrics. */
export function requestReporting({ config, logger, metrics, tracing }: ReportingParts): FeaturePlugins {
  return [
    ...(tracing ? [useTracing({ tracer: tracing.tracer })] : []),
    ...(config.logging.requests ? [useRequestLogging({ logger })] : []),
    useRequestMetrics({ metrics }),
  ];
}

/** GET /metrics in the Prometheus text format. */
export function metricsEndpoint({ metrics, renderMetrics }: MetricsEndpointParts): FeaturePlugins {
  return [useMetricsEndpoint({ registry: metrics.registry, ...(renderMetrics && { render: renderMetrics }) })];
}
