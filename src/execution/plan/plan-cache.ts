import { createHash } from 'node:crypto';
import { Kind, print, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { QueryPlan, Unplanned } from './query-plan.js';

/**
 * Plans by schema, then by (document hash, operation name, values of the variables that decide
 * `@skip`, `@include`, `@defer` and `@stream`, incremental delivery or not). A new schema (a hot reload) starts an empty cache; the old one goes
 * with the old schema. Documents are hashed once per parsed document, so the same text parsed
 * twice (persisted documents, APQ, a parse cache eviction) finds the same plan.
 */
export interface PlanCache {
  get(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Readonly<Record<string, unknown>>,
    incremental: boolean,
    plan: () => QueryPlan | Unplanned,
  ): QueryPlan | Unplanned;
}

export function createPlanCache(size: number, observe: (result: 'hit' | 'miss' | 'unplanned') => void = () => {}): PlanCache {
  const bySchema = new WeakMap<GraphQLSchema, LRUCache<string, QueryPlan | Unplanned>>();
  const documents = new WeakMap<DocumentNode, { hash: string; conditions: string[] }>();
  const describe = (document: DocumentNode) => {
    let described = documents.get(document);
    if (!described) {
      described = { hash: createHash('sha256').update(print(document)).digest('base64url'), conditions: conditionVariables(document) };
      documents.set(document, described);
    }
    return described;
  };
  return {
    get(schema, document, operationName, variables, incremental, plan) {
      let plans = bySchema.get(schema);
      if (!plans) bySchema.set(schema, (plans = new LRUCache({ max: size })));
      const { hash, conditions } = describe(document);
      const key = `${hash}:${operationName ?? ''}:${incremental ? 'i' : ''}:${conditions.map((name) => JSON.stringify(variables[name] ?? null)).join(',')}`;
      let found = plans.get(key);
      if (found) observe('unplanned' in found ? 'unplanned' : 'hit');
      else {
        plans.set(key, (found = plan()));
        observe('unplanned' in found ? 'unplanned' : 'miss');
      }
      return found;
    },
  };
}

const PLANNED_DIRECTIVES = new Set(['skip', 'include', 'defer', 'stream']);

/** The variables that the directives the planner decides read anywhere in the document. */
function conditionVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(node) {
      if (!PLANNED_DIRECTIVES.has(node.name.value)) return;
      for (const argument of node.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names].sort();
}
