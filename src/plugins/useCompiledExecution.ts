import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { isPromise } from '@graphql-tools/utils';
import { compileHazard } from '../execution/compile-hazards.js';
import { locateErrors } from '../execution/locate-errors.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Executes queries and mutations with graphql-jit: each operation is compiled once into a function
 * that walks the result without a resolver call per default field. Compiled functions are cached
 * per schema and parsed document, so a schema swap never runs an operation compiled for the old
 * one. Subscriptions keep the standard executor.
 *
 * An operation graphql-jit is known to get wrong or to compile too slowly (see `compileHazard`), or
 * cannot compile at all, runs on the standard executor instead.
 *
 * Registered before plugins that wrap execution (field authorization), which then wrap the
 * compiled executor.
 *
 * Variables graphql-jit refuses are refused again by the standard executor: graphql-jit's own
 * coercion keeps a scalar's error code but drops its message, the variable's location and the
 * request error's status, and a refused value must be answered the same with either executor.
 */
export function useCompiledExecution(): Plugin {
  const cache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, CompiledQuery | null>>>();

  const compiledFor = (args: ExecutionArgs): CompiledQuery | null => {
    let bySchema = cache.get(args.schema);
    if (!bySchema) cache.set(args.schema, (bySchema = new WeakMap()));
    let byDocument = bySchema.get(args.document);
    if (!byDocument) bySchema.set(args.document, (byDocument = new Map()));
    const name = args.operationName ?? '';
    let compiled = byDocument.get(name);
    if (compiled === undefined) {
      const result = compileHazard(args.schema, args.document, args.operationName) ? undefined : compileQuery(args.schema, args.document, args.operationName ?? undefined);
      compiled = result && isCompiledQuery(result) ? result : null;
      byDocument.set(name, compiled);
    }
    return compiled;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation === 'subscription') return;
      setExecuteFn((executionArgs) => {
        const compiled = compiledFor(executionArgs);
        if (!compiled) return executeFn(executionArgs);
        const result = compiled.query(executionArgs.rootValue, executionArgs.contextValue, executionArgs.variableValues ?? {});
        // No data at all: graphql-jit refused the variables, with messages and a status of its own.
        // The standard executor refuses them again, as a request error (400) with locations.
        if (!isPromise(result) && result.data === undefined) return executeFn(executionArgs);
        const locate = (value: ExecutionResult) => locateErrors(value, executionArgs.document, executionArgs.operationName);
        return (isPromise(result) ? result.then(locate) : locate(result)) as ReturnType<typeof executeFn>;
      });
    },
  };
}
