import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Executor } from '@graphql-tools/utils';
import { isUserFacing, upstreamError } from '../../errors.js';

/**
 * The source's schema executed by graphql-js, as stitching does for entities merged across
 * sources. Its resolvers raise only coded errors, so an error without a code is graphql-js
 * meeting a value that does not match the document (an object where a list is declared, null for
 * a required property, a value its scalar cannot represent): the service's fault, reported as
 * UPSTREAM_ERROR as on the direct path (sources/serialize.ts), at the same path.
 */
export function checkedExecutor(source: string, execute: Executor): Executor {
  const recode = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors?.some((error) => !isUserFacing(error))) return result;
    const errors = result.errors.map((error) =>
      isUserFacing(error) ? error : relocate(upstreamError(source, `Source "${source}" answered a value of the wrong type here`, { cause: error }), error),
    );
    return { ...result, errors };
  };
  return ((request) => {
    const result = execute(request) as ExecutionResult | Promise<ExecutionResult>;
    return result instanceof Promise ? result.then(recode) : recode(result);
  }) as Executor;
}

function relocate(error: GraphQLError, from: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { ...(from.path && { path: from.path }), ...(from.nodes && { nodes: from.nodes }), extensions: error.extensions });
}
