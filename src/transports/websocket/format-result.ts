import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';

/**
 * An error as a client receives it. `extensions.http` (status and headers for an HTTP answer)
 * means nothing on a WebSocket and is left out, as yoga leaves it out of HTTP bodies.
 */
export function formatError(error: GraphQLError | GraphQLFormattedError): GraphQLFormattedError {
  const json = ('toJSON' in error && typeof error.toJSON === 'function' ? error.toJSON() : error) as GraphQLFormattedError;
  if (!json.extensions || !('http' in json.extensions)) return json;
  const {
    extensions: { http: _http, ...extensions },
    ...rest
  } = json;
  return Object.keys(extensions).length > 0 ? { ...rest, extensions } : rest;
}

export function formatResult(result: { errors?: readonly GraphQLError[] | undefined }): FormattedExecutionResult {
  const { errors, ...rest } = result as ExecutionResult;
  return errors ? { ...rest, errors: errors.map(formatError) } : rest;
}

/** A refusal's errors as graphql-ws sends them in an `error` message: it takes GraphQLError instances only. */
export function asGraphQLErrors(errors: readonly unknown[]): GraphQLError[] {
  return errors.map((error) => {
    if (error instanceof GraphQLError) return error;
    const { message, extensions } = error as Partial<GraphQLFormattedError>;
    return new GraphQLError(typeof message === 'string' ? message : 'Unexpected error', { extensions: extensions ?? {} });
  });
}
