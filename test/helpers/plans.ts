import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildExecutionContext } from 'graphql/execution/execute.js';
import { planOperation } from '../../src/execution/plan/plan-operation.js';
import { planningSchemaOf } from '../../src/execution/plan/planning-schema.js';
import type { QueryPlan, Unplanned } from '../../src/execution/plan/query-plan.js';

/** The plan of an operation against a gateway's schema, as the gateway makes it. */
export function planOperationOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): QueryPlan | Unplanned {
  const planning = planningSchemaOf(schema);
  if (!planning) return { unplanned: 'the schema carries no planning description' };
  const context = buildExecutionContext({ schema, document, variableValues: variables, operationName });
  if (Array.isArray(context)) return { unplanned: `variables: ${context.map((error) => error.message).join('; ')}` };
  const { operation, fragments, variableValues } = context as Exclude<typeof context, readonly unknown[]>;
  if (!getOperationAST(document, operationName)) return { unplanned: 'no operation' };
  return planOperation({ schema, planning, document, operation, fragments, variableValues });
}
