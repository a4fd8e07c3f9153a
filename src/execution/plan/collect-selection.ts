import type { FieldNode, FragmentDefinitionNode, GraphQLObjectType, GraphQLSchema, SelectionSetNode } from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';
import {
  collectFields as collectWithDeferred,
  collectSubFields as collectSubWithDeferred,
  getDirectiveValues,
  GraphQLStreamDirective,
} from '@graphql-tools/utils';

/** The fields of a selection by response key and, with incremental delivery, its deferred fragments apart. */
export interface Collected {
  fields: Map<string, FieldNode[]>;
  patches: ReadonlyArray<{ label?: string | undefined; fields: Map<string, FieldNode[]> }>;
}

/**
 * Field collection as the specification defines it, deciding `@skip` and `@include` with the
 * operation's variables. Without incremental delivery `@defer` is ignored (graphql-js's
 * collection); with it, graphql-tools' collection keeps each deferred fragment's fields apart.
 */
export class SelectionCollector {
  /** The variables as graphql-tools reads them (its `VariableValues`). */
  private readonly toolsVariables: { coerced: Record<string, unknown>; sources: Record<string, never> };

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variableValues: Record<string, unknown>,
    private readonly incremental: boolean,
  ) {
    this.toolsVariables = { coerced: variableValues, sources: {} };
  }

  root(type: GraphQLObjectType, selectionSet: SelectionSetNode): Collected {
    if (this.incremental) return collectWithDeferred(this.schema, this.fragments, this.toolsVariables, type, selectionSet) as Collected;
    return { fields: collectFields(this.schema, this.fragments, this.variableValues, type, selectionSet) as Map<string, FieldNode[]>, patches: [] };
  }

  sub(type: GraphQLObjectType, nodes: readonly FieldNode[]): Collected {
    if (this.incremental) return collectSubWithDeferred(this.schema, this.fragments, this.toolsVariables, type, nodes as FieldNode[]) as Collected;
    return { fields: collectSubfields(this.schema, this.fragments, this.variableValues, type, nodes as FieldNode[]) as Map<string, FieldNode[]>, patches: [] };
  }

  /** `@stream` on a field, when incremental delivery is planned and its `if` holds. */
  stream(node: FieldNode): { initialCount: number; label?: string } | undefined {
    if (!this.incremental) return undefined;
    const values = getDirectiveValues(GraphQLStreamDirective, node, this.toolsVariables);
    if (!values || values['if'] === false) return undefined;
    return { initialCount: Math.max(0, Number(values['initialCount'] ?? 0)), ...(typeof values['label'] === 'string' && { label: values['label'] }) };
  }
}
