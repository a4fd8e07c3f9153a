import { Kind, getOperationAST, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { costLimitRule, type CostLimitOptions } from '@escape.tech/graphql-armor-cost-limit';
import { measureInput } from './input-size.js';
import { createSchemaDocumentCache } from '../execution/schema-document-cache.js';

/**
 * How an operation's selection is priced, for `limits.maxCost` and for the rate limit alike: each
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

export interface OperationCostOptions {
  /** What each element of a list costs, in the variables and in the operation's own arguments. */
  listItemCost: number;
  /** How deep variables are walked (deeper ones were refused before any cost is asked for). */
  maxInputDepth: number;
}

/**
 * The cost of the operation a request runs: its selection (`COST_OPTIONS`), plus `listItemCost` for
 * every element of every list written in it or sent in its variables, so that an operation asking
 * little for a huge list of ids is priced by the work the list causes.
 */
export type OperationCost = (schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: unknown) => number;

/** Computes operation costs, remembering the part that depends on the parsed document only. */
export function createOperationCost({ listItemCost, maxInputDepth }: OperationCostOptions): OperationCost {
  const costs = createSchemaDocumentCache<number>();
  const documentCost = (schema: GraphQLSchema, document: DocumentNode, operationName?: string | null) =>
    costs.get(schema, document, operationName ?? '', () => {
      const { selection, listItems } = compute(schema, document, operationName);
      return selection + listItemCost * listItems;
    });
  return (schema, document, operationName, variables) =>
    documentCost(schema, document, operationName) + (variables === undefined ? 0 : listItemCost * measureInput(variables, maxInputDepth).listItems);
}

function compute(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): { selection: number; listItems: number } {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { selection: 0, listItems: 0 };
  // Only the operation that runs is priced, with the fragments it may spread.
  const single: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)],
  };
  let selection = 0;
  validate(schema, single, [costLimitRule({ ...COST_OPTIONS, maxCost: Infinity, onAccept: [(_context, details: { n: number }) => (selection = details.n)] })]);
  let listItems = 0;
  visit(single, { ListValue: (list) => void (listItems += list.values.length) });
  return { selection, listItems };
}
