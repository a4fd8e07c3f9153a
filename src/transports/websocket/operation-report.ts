import { performance } from 'node:perf_hooks';
import type { GraphQLFormattedError } from 'graphql';
import { getIdentity } from '../../auth/identity.js';
import type { Logger } from '../../logger.js';
import type { RequestMetrics } from '../../observability/metrics.js';
import { requestIdFromContext } from '../../observability/request-id.js';
import { requestStats } from '../../upstream/request-stats.js';
import { durationMs, recordRequest, writeRequestLine, type RequestOutcome } from '../../observability/request-report.js';

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
export function reportOperation(
  options: { metrics: RequestMetrics; logger: Logger; logRequests: boolean },
  context: object,
  operationName: unknown,
): OperationReporter {
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
      const status: RequestOutcome = codes.size > 0 ? 'error' : 'ok';
      const seconds = (performance.now() - started) / 1000;
      const { upstreamCalls } = requestStats(context);
      recordRequest(options.metrics, status, { seconds, upstreamCalls });
      if (!options.logRequests) return;
      const subject = getIdentity(context)?.subject;
      writeRequestLine(
        options.logger,
        {
          requestId: requestIdFromContext(context),
          transport: 'websocket',
          ...(typeof operationName === 'string' && { operationName }),
          result: status,
          durationMs: durationMs(seconds * 1000),
          upstreamCalls,
          ...(subject !== undefined && { subject }),
          ...(codes.size > 0 && { errorCodes: [...codes] }),
        },
        'operation',
      );
    },
  };
}
