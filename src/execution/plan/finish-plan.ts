import { Kind, type DocumentNode, type OperationDefinitionNode, type OperationTypeNode, type VariableDefinitionNode } from 'graphql';
import { callRootKey, type PlanningSchema } from './planning-schema.js';
import type { DocumentRootFetch, Fetch, FieldShape, KeyedFetch, QueryPlan } from './query-plan.js';
import type { SelectionBuilder } from './selection-builder.js';
import { keyedDocument } from './keyed-document.js';

/** What the planner collected while walking the operation. */
export interface PlannedParts {
  fetches: readonly Fetch[];
  /** Keyed fetches merged into another of their group: every reference moves to that one. */
  merged: ReadonlyMap<number, number>;
  /** Every shape of the plan, whose readers name fetches by id. */
  shapes: readonly FieldShape[];
  /** The fetches that send a document, with the selection built for it. */
  documents: ReadonlyArray<{ fetch: DocumentRootFetch | KeyedFetch; builder: SelectionBuilder }>;
  operation: OperationDefinitionNode;
  planning: PlanningSchema;
}

/**
 * The plan as it runs: merged fetches gone and every reference moved to the fetch that absorbed
 * them, the others numbered densely, the documents written with the variables they use.
 * Undefined when the fetches would wait for each other.
 */
export function finishPlan(plan: QueryPlan, parts: PlannedParts): QueryPlan | undefined {
  const target = (id: number): number => {
    let current = id;
    while (parts.merged.has(current)) current = parts.merged.get(current)!;
    return current;
  };
  const kept = parts.fetches.filter((fetch) => !parts.merged.has(fetch.id));
  const numbers = new Map(kept.map((fetch, index) => [fetch.id, index]));
  const renumber = (id: number) => numbers.get(target(id))!;
  for (const shape of parts.shapes) {
    const reader = shape.reader as { fetch?: number };
    if (reader.fetch !== undefined) reader.fetch = renumber(reader.fetch);
  }
  const definitions = new Map((parts.operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition]));
  for (const { fetch, builder } of parts.documents) {
    if (parts.merged.has(fetch.id)) continue;
    fetch.variables = [...builder.variables];
    const variables = fetch.variables.map((name) => definitions.get(name)!);
    if (fetch.kind === 'documentRoot') {
      fetch.document = operationDocument(fetch.operationType, builder, variables);
      continue;
    }
    const root = parts.planning.roots.get(callRootKey(fetch.call.target));
    if (root?.kind === 'graphql') fetch.document = keyedDocument(fetch.call, root.sourceField, builder, variables);
  }
  const fetches = kept.map((fetch) => ({ ...fetch, id: numbers.get(fetch.id)!, dependsOn: [...new Set(fetch.dependsOn.map(renumber))] }));
  return hasCycle(fetches) ? undefined : { ...plan, fetches };
}

function hasCycle(fetches: readonly Fetch[]): boolean {
  const state = new Array<0 | 1 | 2>(fetches.length).fill(0);
  const visit = (id: number): boolean => {
    if (state[id] === 2) return false;
    if (state[id] === 1) return true;
    state[id] = 1;
    if (fetches[id]!.dependsOn.some(visit)) return true;
    state[id] = 2;
    return false;
  };
  return fetches.some((fetch) => visit(fetch.id));
}

function operationDocument(operation: OperationTypeNode, builder: SelectionBuilder, variables: readonly VariableDefinitionNode[]): DocumentNode {
  const definition: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation,
    variableDefinitions: variables,
    selectionSet: builder.selectionSet(),
  };
  return { kind: Kind.DOCUMENT, definitions: [definition] };
}
