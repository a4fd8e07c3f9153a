import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildExecutionContext } from 'graphql/execution/execute.js';
import { planOperation } from './plan-operation.js';
import { planningSchemaOf } from './planning-schema.js';
import type { QueryPlan, Unplanned } from './query-plan.js';

/**
 * The plan of one operation of a parsed (and validated) document against a composed schema, as
 * the gateway makes it: variables are coerced first, and `@skip`/`@include` are decided with them.
 * `operationName` picks the operation of a document that holds several.
 */
export function planDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> = {},
  operationName?: string,
): QueryPlan | Unplanned {
  const planning = planningSchemaOf(schema);
  if (!planning) return { unplanned: 'the schema carries no planning description' };
  if (!getOperationAST(document, operationName)) return { unplanned: 'no operation' };
  const context = buildExecutionContext({ schema, document, variableValues: variables, operationName });
  if (Array.isArray(context)) return { unplanned: `variables: ${context.map((error) => error.message).join('; ')}` };
  const { operation, fragments, variableValues } = context as Exclude<typeof context, readonly unknown[]>;
  return planOperation({ schema, planning, document, operation, fragments, variableValues });
}
