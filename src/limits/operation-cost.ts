import { Kind, getOperationAST, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { costLimitRule, type CostLimitOptions } from '@escape.tech/graphql-armor-cost-limit';

/**
 * How an operation's cost is computed, for `limits.maxCost` and for the rate limit alike: each
 * object field costs 2, each scalar 1, a child costs 1.5× what it would one level up, and a field
 * with a `first`/`last` argument multiplies its subtree. Introspection (`__schema`) is free here;
 * `limits.maxIntrospectionDepth` bounds it instead.
 */
export const COST_OPTIONS = {
  objectCost: 2,
  scalarCost: 1,
  depthCostFactor: 1.5,
  ignoreIntrospection: true,
} as const satisfies CostLimitOptions;

export type OperationCost = (schema: GraphQLSchema, document: DocumentNode, operationName?: string | null) => number;

/** Computes (and remembers per parsed document) the cost of the operation a request runs. */
export function createOperationCost(): OperationCost {
  const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();
  return (schema, document, operationName) => {
    let bySchema = costs.get(schema);
    if (!bySchema) costs.set(schema, (bySchema = new WeakMap()));
    let byName = bySchema.get(document);
    if (!byName) bySchema.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let cost = byName.get(key);
    if (cost === undefined) {
      cost = compute(schema, document, operationName);
      byName.set(key, cost);
    }
    return cost;
  };
}

function compute(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  // Only the operation that runs is priced, with the fragments it may spread.
  const single: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)],
  };
  let cost = 0;
  validate(schema, single, [costLimitRule({ ...COST_OPTIONS, maxCost: Infinity, onAccept: [(_context, details: { n: number }) => (cost = details.n)] })]);
  return cost;
}
