import { GraphQLError, locatedError, type ASTNode } from 'graphql';

/**
 * The error at `path`, as graphql-js's `locatedError` gives it, made cheaply: one failed fetch
 * puts its error at every path it left without a value, hundreds in a fan-out. No stack is
 * captured for these copies (the error they copy keeps its own), and a GraphQL error that wraps
 * nothing is copied without `originalError`: yoga re-creates a response error and each error it
 * wraps, stack and all, when it writes the answer. Either way the client sees the same error,
 * masked or not alike.
 */
export function locateError(raw: unknown, nodes: ReadonlyArray<ASTNode>, path: ReadonlyArray<string | number>): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    if (raw instanceof GraphQLError && raw.originalError === undefined && !Array.isArray(raw.path)) {
      return new GraphQLError(raw.message, {
        nodes: raw.nodes ?? nodes,
        ...(raw.source && { source: raw.source }),
        ...(raw.positions && { positions: raw.positions }),
        path,
        extensions: raw.extensions,
      });
    }
    return locatedError(raw, nodes, path);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
