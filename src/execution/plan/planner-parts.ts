import type { EntityCall } from '../../links/plan.js';
import type { DeferredShape, FieldShape, KeyedFetch, PathStep, RepresentationShape } from './query-plan.js';
import type { SelectionBuilder } from './selection-builder.js';

// The planner's vocabulary: the names it reserves in source documents, where the objects of a
// selection come from, and how a path of the response finds the fetch that produced it.

/** Aliases the planner adds to source documents; a client alias with this prefix is not planned. */
export const RESERVED_PREFIX = '_plexus';
export const TYPENAME_ALIAS = `${RESERVED_PREFIX}Typename`;
export const keyAlias = (field: string) => `${RESERVED_PREFIX}Key_${field}`;
/** The alias of a field a federation representation is built from. */
export const representationAlias = (field: string) => `${RESERVED_PREFIX}Rep_${field}`;

/** Why an operation is left to the standard executor; never reaches a client. */
export class NotPlanned extends Error {}

export type TypeFilter = { typeName: string; typenameKey: string };
/** An entity fetch as the fields of one selection share it: the fetch, how parents give their key, and the objects it answers. */
export interface EntityFetch {
  fetch: KeyedFetch;
  /** The parents' property holding the key; empty for a federation entity, whose parents give a representation. */
  keyProp: string;
  representation?: RepresentationShape;
  owner: Owner;
}
export type Entities = Map<EntityCall, EntityFetch>;

export const deferredShape = (label: string | undefined, fields: readonly FieldShape[]): DeferredShape => ({ ...(label !== undefined && { label }), fields });

/** Where the objects of a selection come from. */
export type Owner =
  /** Whole objects answered by a REST or gRPC operation: fields are read by name. */
  | { kind: 'whole'; source: string }
  /** Objects answered for a document being built: fields are added to it and read by response key. */
  | { kind: 'document'; source: string; builder: SelectionBuilder };

/** The owner of the objects a computed field returns: whole values, answered by no source. */
export const COMPUTED_SOURCE = 'resolvers';

/** The fetch whose answer holds the objects at the end of `path`. */
export function producerOf(path: readonly PathStep[]): number | undefined {
  for (let index = path.length - 1; index >= 0; index--) {
    const reader = path[index]!.shape.reader;
    if (reader.kind === 'root' || reader.kind === 'link' || reader.kind === 'rootKeyed' || reader.kind === 'entity' || reader.kind === 'computed')
      return reader.fetch;
  }
  return undefined;
}

/** A client's response key may not take the prefix the planner keeps for its own fields. */
export function checkResponseKey(responseKey: string): void {
  if (responseKey.startsWith(RESERVED_PREFIX)) throw new NotPlanned(`response key ${responseKey} uses the prefix the planner reserves`);
}
