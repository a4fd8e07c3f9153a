import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type ExecutionRequest, type Executor } from '@graphql-tools/utils';

/** Runs one request on a source's executor, which must answer one result (not a stream). */
export async function execute(executor: Executor, request: ExecutionRequest): Promise<ExecutionResult> {
  const result = await executor(request);
  if (isAsyncIterable(result)) return { errors: [new GraphQLError('a source answered a stream where one result was expected')] };
  return result as ExecutionResult;
}
