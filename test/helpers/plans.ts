import type { DocumentNode, GraphQLSchema } from 'graphql';
import { planDocument } from '../../src/execution/plan/plan-document.js';
import type { QueryPlan, Unplanned } from '../../src/execution/plan/query-plan.js';

/** The plan of an operation against a gateway's schema, as the gateway makes it. */
export function planOperationOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): QueryPlan | Unplanned {
  return planDocument(schema, document, variables, operationName);
}
