import { performance } from 'node:perf_hooks';
import type { GraphQLFormattedError } from 'graphql';
import { getIdentity } from '../../auth/identity.js';
import type { Logger } from '../../logger.js';
import type { PlexusMetrics } from '../../metrics/metrics.js';
import { requestIdFromContext } from '../../observability/request-id.js';
import { requestStats } from '../../upstream/request-stats.js';

export interface OperationReporter {
  /** Notes the codes of errors the operation answered with. */
  errors(errors: readonly { extensions?: GraphQLFormattedError['extensions'] }[]): void;
  /** Counts and logs the operation once it has ended; later calls do nothing. */
  end(): void;
}

/**
 * What yoga's request hooks do for an HTTP request (useRequestMetrics, useRequestLogging), for one
 * WebSocket operation, which has no HTTP request: `plexus_graphql_requests_total`, its duration
 * (a subscription's is its lifetime) and one log line when `logging.requests` is on.
 */
export function reportOperation(options: { metrics: PlexusMetrics; logger: Logger; logRequests: boolean }, context: object, operationName: unknown): OperationReporter {
  const started = performance.now();
  const codes = new Set<string>();
  let ended = false;
  return {
    errors(errors) {
      for (const error of errors) codes.add(String(error.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR'));
    },
    end() {
      if (ended) return;
      ended = true;
      const status = codes.size > 0 ? 'error' : 'ok';
      const seconds = (performance.now() - started) / 1000;
      const { upstreamCalls } = requestStats(context);
      options.metrics.graphqlRequests.inc({ status });
      options.metrics.graphqlDuration.observe({ status }, seconds);
      options.metrics.upstreamCallsPerRequest.observe(upstreamCalls);
      if (!options.logRequests) return;
      const subject = getIdentity(context)?.subject;
      const line = {
        requestId: requestIdFromContext(context),
        transport: 'websocket',
        ...(typeof operationName === 'string' && { operationName }),
        result: status,
        durationMs: Math.round(seconds * 100_000) / 100,
        upstreamCalls,
        ...(subject !== undefined && { subject }),
        ...(codes.size > 0 && { errorCodes: [...codes] }),
      };
      if (codes.size > 0) options.logger.warn(line, 'graphql operation failed');
      else options.logger.info(line, 'graphql operation');
    },
  };
}
