import type { Plugin } from 'graphql-yoga';
import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { buildExecutionContext } from 'graphql/execution/execute.js';
import { planningSchemaOf } from '../execution/plan/planning-schema.js';
import { planOperation } from '../execution/plan/plan-operation.js';
import { createPlanCache } from '../execution/plan/plan-cache.js';
import { createRequestRun } from '../execution/execute/request-run.js';
import { runFetches } from '../execution/execute/run-fetches.js';
import { assemble } from '../execution/execute/assemble.js';

export interface PlannedExecutionOptions {
  /** Plans kept per schema. */
  cacheSize: number;
}

/**
 * Executes queries and mutations through query plans: the fetches an operation needs are planned
 * once per document (and values of its `@skip`/`@include` variables), run with every key of one
 * link at one plan level in one call, and the response is assembled in one pass. Operations the
 * planner does not cover yet (see `planOperation`), and subscriptions, run on the executor it wraps.
 */
export function usePlannedExecution(options: PlannedExecutionOptions): Plugin {
  const plans = createPlanCache(options.cacheSize);
  return {
    onExecute({ args, setExecuteFn, executeFn }) {
      const planning = planningSchemaOf(args.schema);
      if (!planning || getOperationAST(args.document, args.operationName)?.operation === 'subscription') return;
      setExecuteFn(async (executionArgs: ExecutionArgs) => {
        const context = buildExecutionContext(executionArgs);
        // Variables that do not fit: the standard executor refuses them, with its own messages.
        if (Array.isArray(context)) return executeFn(executionArgs);
        const { operation, fragments, variableValues } = context as Exclude<typeof context, readonly GraphQLError[]>;
        const { schema, document } = executionArgs;
        const plan = plans.get(schema, document, executionArgs.operationName, variableValues, () =>
          planOperation({ schema, planning, document, operation, fragments, variableValues }),
        );
        if ('unplanned' in plan) return executeFn(executionArgs);
        const run = createRequestRun({
          plan,
          schema,
          runtime: planning.runtime,
          context: executionArgs.contextValue,
          rootValue: executionArgs.rootValue,
          document,
          operation,
          fragments,
          variableValues,
        });
        await runFetches(run);
        const errors: GraphQLError[] = [];
        const data = assemble(run, errors);
        const result: ExecutionResult = errors.length === 0 ? { data } : { errors, data };
        return result;
      });
    },
  };
}
