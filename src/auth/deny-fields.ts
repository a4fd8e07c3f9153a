import {
  Kind,
  TypeInfo,
  isAbstractType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionNode,
} from 'graphql';
import type { Verdict } from './field-policies.js';

/** Response key under which the reduced document asks for `__typename` on abstract types. */
export const TYPENAME_KEY = '_plexusTypename';

export interface DeniedField {
  verdict: Verdict;
  /** `Type.field`, for the message. */
  coordinate: string;
}

export interface DenialPlan {
  /** The document to execute: every denied field removed, so no source is asked for it. */
  document: DocumentNode;
  /** Denied field selections of the original document. */
  denied: Map<FieldNode, DeniedField>;
}

const typenameAs = (alias?: string): FieldNode => ({
  kind: Kind.FIELD,
  ...(alias !== undefined && { alias: { kind: Kind.NAME, value: alias } }),
  name: { kind: Kind.NAME, value: '__typename' },
});

/**
 * Walks the document against the schema and removes each field the caller may not read.
 * Returns undefined when nothing is denied. Selection sets on abstract types also ask for
 * `__typename` (as TYPENAME_KEY), which rebuilding the full-shape result needs; a selection
 * set left empty asks for `__typename` so the document stays executable.
 */
export function planDenials(
  schema: GraphQLSchema,
  document: DocumentNode,
  decide: (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>) => Verdict | undefined,
): DenialPlan | undefined {
  const denied = new Map<FieldNode, DeniedField>();
  const typeInfo = new TypeInfo(schema);
  const reduced = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field || field.name.startsWith('__')) return undefined;
          const verdict = decide(parent, field);
          if (!verdict) return undefined;
          denied.set(node, { verdict, coordinate: `${parent.name}.${field.name}` });
          return null;
        },
      },
      SelectionSet: {
        leave(node) {
          const selections: SelectionNode[] = [...node.selections];
          if (isAbstractType(typeInfo.getParentType())) selections.push(typenameAs(TYPENAME_KEY));
          if (selections.length === 0) selections.push(typenameAs());
          return selections.length === node.selections.length ? undefined : { ...node, selections };
        },
      },
    }),
  );
  return denied.size === 0 ? undefined : { document: reduced, denied };
}
