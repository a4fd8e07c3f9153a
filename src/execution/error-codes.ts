import { GraphQLError, type ExecutionResult } from 'graphql';
import type { ErrorCode } from '../errors.js';

/** A result of execution with no `data` at all: graphql-js refused the request (its variables) before running it. */
export function isRequestError(result: ExecutionResult): result is ExecutionResult & { errors: readonly GraphQLError[] } {
  return !('data' in result) && !!result.errors?.length;
}

/** The error with `extensions.code` set to `code`, unless it has a code already; extra extensions are added alike. */
export function withCode(error: GraphQLError, code: ErrorCode, extra: Record<string, unknown> = {}): GraphQLError {
  if (typeof error.extensions['code'] === 'string') return error;
  return new GraphQLError(error.message, {
    ...(error.nodes && { nodes: error.nodes }),
    ...(error.source && { source: error.source }),
    ...(error.positions && { positions: error.positions }),
    ...(error.path && { path: error.path }),
    ...(error.originalError && { originalError: error.originalError }),
    extensions: { ...extra, ...error.extensions, code },
  });
}

/**
 * The result with a code on every error still without one: an error of the request itself (no
 * path) is the client's `BAD_REQUEST` (HTTP 400 unless it says otherwise), an error of a field is
 * `INTERNAL_SERVER_ERROR`.
 */
export function withCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => typeof error.extensions?.['code'] !== 'string')) return result;
  const errors = result.errors.map((error) => {
    const [code, extra] = error.path ? (['INTERNAL_SERVER_ERROR', {}] as const) : (['BAD_REQUEST', { http: { status: 400 } }] as const);
    if (error instanceof GraphQLError) return withCode(error, code, extra);
    // An error read back as plain JSON (a stored answer): its fields are kept as they are.
    const plain: { extensions?: Record<string, unknown> } = error;
    return typeof plain.extensions?.['code'] === 'string'
      ? error
      : ({ ...plain, extensions: { ...extra, ...plain.extensions, code } } as unknown as GraphQLError);
  });
  return { ...result, errors };
}
