import { status as Status } from '@grpc/grpc-js';
import type { GraphQLError } from 'graphql';
import { plexusError, upstreamError } from '../../errors.js';
import type { UpstreamOutcome } from '../../upstream/metrics.js';

/** What a failed call reports: grpc-js's ServiceError, or anything else that went wrong around it. */
export interface CallFailure {
  code?: number;
  details?: string;
}

/** `INVALID_ARGUMENT` for 3; the name clients see in `extensions.grpcStatus`. */
export function statusName(code: number | undefined): string {
  return code !== undefined && Status[code] !== undefined ? Status[code] : 'UNKNOWN';
}

// The service judged the request itself (the call worked): its message is meant for the caller.
const VERDICTS = new Set<number>([
  Status.INVALID_ARGUMENT,
  Status.NOT_FOUND,
  Status.ALREADY_EXISTS,
  Status.PERMISSION_DENIED,
  Status.UNAUTHENTICATED,
  Status.FAILED_PRECONDITION,
  Status.OUT_OF_RANGE,
  Status.ABORTED,
  Status.RESOURCE_EXHAUSTED,
]);

/** How the call counts in `plexus_upstream_errors_total`: a verdict on the request is a working service. */
export function outcomeOf(failure: CallFailure | undefined): UpstreamOutcome {
  if (failure === undefined) return 'ok';
  if (failure.code === Status.DEADLINE_EXCEEDED) return 'timeout';
  return failure.code !== undefined && VERDICTS.has(failure.code) ? 'ok' : 'error';
}

/**
 * Maps a gRPC status to the GraphQL error currency, with a fixed message naming the source and the
 * status; `told` is what the service said, when the source exposes it (see error-disclosure.ts).
 * Failure details always stay in `cause`, for the log.
 */
export function statusError(source: string, failure: CallFailure, timeoutMs: number, told?: string): GraphQLError {
  const grpcStatus = statusName(failure.code);
  const extensions = { source, grpcStatus };
  const said = told ?? `Source "${source}" answered ${grpcStatus}`;
  switch (failure.code) {
    case Status.INVALID_ARGUMENT:
      return plexusError('BAD_USER_INPUT', said, { extensions });
    case Status.UNAUTHENTICATED:
      return plexusError('UNAUTHENTICATED', said, { extensions });
    case Status.PERMISSION_DENIED:
      return plexusError('FORBIDDEN', said, { extensions });
    case Status.DEADLINE_EXCEEDED:
      return plexusError('UPSTREAM_TIMEOUT', `Source "${source}" did not answer within ${timeoutMs} ms`, { extensions: { ...extensions, timeoutMs } });
    default:
      if (failure.code !== undefined && VERDICTS.has(failure.code)) return upstreamError(source, said, { grpcStatus });
      return upstreamError(source, `Source "${source}" failed (${grpcStatus})${told ? `: ${told}` : ''}`, { grpcStatus, cause: failure });
  }
}
