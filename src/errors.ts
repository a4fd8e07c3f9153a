import { GraphQLError } from 'graphql';

/** The `extensions.code` values Plexus puts on errors (see the README's error table). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'INTERNAL_SERVER_ERROR'
  // Errors of the request itself, mostly set by graphql-yoga and its plugins.
  | 'BAD_REQUEST'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_MISMATCH'
  | 'REQUEST_ENTITY_TOO_LARGE';

export interface ErrorOptions {
  /** HTTP status the response should carry when this error ends the request. */
  httpStatus?: number;
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** Builds the one error currency of Plexus: a GraphQLError with a code. */
export function plexusError(code: ErrorCode, message: string, options: ErrorOptions = {}): GraphQLError {
  const extensions: Record<string, unknown> = { ...options.extensions, code };
  if (options.httpStatus !== undefined || options.headers !== undefined) {
    extensions['http'] = {
      ...(options.httpStatus !== undefined && { status: options.httpStatus }),
      ...(options.headers !== undefined && { headers: options.headers }),
    };
  }
  const error = new GraphQLError(message, { extensions });
  // Kept for logs only: an `originalError` would make the error look internal and get it masked.
  if (options.cause !== undefined) Object.defineProperty(error, 'cause', { value: options.cause, enumerable: false });
  return error;
}

export interface UpstreamErrorDetails {
  /** HTTP status answered by the upstream, when there was an answer. */
  status?: number;
  /** gRPC status name (e.g. `UNAVAILABLE`), for gRPC sources. */
  grpcStatus?: string;
  cause?: unknown;
}

/** A failed call to a source: the message is safe to show, internals stay in `cause`. */
export function upstreamError(source: string, message: string, details: UpstreamErrorDetails = {}): GraphQLError {
  return plexusError('UPSTREAM_ERROR', message, {
    extensions: {
      source,
      ...(details.status !== undefined && { status: details.status }),
      ...(details.grpcStatus !== undefined && { grpcStatus: details.grpcStatus }),
    },
    cause: details.cause,
  });
}

export function upstreamTimeout(source: string, timeoutMs: number): GraphQLError {
  return plexusError('UPSTREAM_TIMEOUT', `Source "${source}" did not answer within ${timeoutMs} ms`, {
    extensions: { source, timeoutMs },
  });
}

/** True for errors whose message Plexus chose to show to clients. */
export function isUserFacing(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && typeof error.extensions['code'] === 'string';
}
