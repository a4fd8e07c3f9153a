import { Kind, type FieldNode, type GraphQLObjectType } from 'graphql';
import type { EntityCall } from '../../links/plan.js';
import type { KeyedCall } from '../../links/keyed-call.js';
import type { PlanningSchema } from './planning-schema.js';
import type { CompositeShape, Fetch, FieldShape, KeyedFetch, KeySource, PathStep, RepresentationShape } from './query-plan.js';
import type { SelectionBuilder } from './selection-builder.js';
import { NotPlanned, producerOf, representationAlias, type Entities, type EntityFetch, type Owner, type TypeFilter } from './planner-parts.js';

// A federation entity's fields come from its subgraph's `_entities`, for representations built
// from the parents. The representation's fields (the key, and what `@requires` names) are planned
// as hidden fields of the parents: read from their own source, or fetched by key from their owners
// first. The entity fetch then waits for every fetch those fields read.

/** Where the entity's parents are in the plan being made. */
export interface ParentContext {
  owner: Owner;
  level: number;
  path: readonly PathStep[];
  filter: TypeFilter | undefined;
  entities: Entities;
}

/** What planning a representation needs of the planner. */
export interface RepresentationPlanner {
  planning: PlanningSchema;
  fetches: readonly Fetch[];
  /** Calls being planned: one needing itself for its own representation is a cycle. */
  building: Set<EntityCall>;
  /** Plans fields of the parents that are read but never written to the response. */
  hiddenFields(type: GraphQLObjectType, collected: Map<string, FieldNode[]>, context: ParentContext): FieldShape[];
  keyedFetch(call: KeyedCall, level: number, dependsOn: number[]): KeyedFetch;
  builderOf(id: number): SelectionBuilder | undefined;
}

/** The keyed fetch of a federation entity's fields from one subgraph, for the parents at the end of `context.path`. */
export function representationFetch(planner: RepresentationPlanner, type: GraphQLObjectType, entity: EntityCall, context: ParentContext): EntityFetch {
  const { planning } = planner;
  const representation = entity.representation!;
  const { owner } = context;
  if (planner.building.has(entity)) throw new NotPlanned(`${entity.call.id} needs its own fields for its representation`);
  // Of several keys, the first whose fields the parents' source has.
  const key = representation.keys.find((selection) =>
    selection.selections.every((field) => field.kind === Kind.FIELD && planning.provides(owner.source, type.name, field.name.value)),
  );
  if (!key) throw new NotPlanned(`source "${owner.source}" has no @key of ${type.name} that source "${entity.source}" takes`);
  const collected = new Map<string, FieldNode[]>();
  const add = (field: FieldNode) => {
    const responseKey = representationAlias(field.name.value);
    collected.set(responseKey, [...(collected.get(responseKey) ?? []), field]);
  };
  for (const field of key.selections) add(field as FieldNode);
  const keyCount = collected.size;
  for (const field of representation.requires?.selections ?? []) if (field.kind === Kind.FIELD) add(field);
  planner.building.add(entity);
  let fields: FieldShape[];
  try {
    fields = planner.hiddenFields(type, collected, context);
  } finally {
    planner.building.delete(entity);
  }
  const producer = producerOf(context.path);
  const dependsOn = producer === undefined ? [] : [producer];
  let level = context.level + 1;
  for (const id of fetchesRead(fields)) {
    dependsOn.push(id);
    level = Math.max(level, planner.fetches[id]!.level + 1);
  }
  const fetch = planner.keyedFetch(entity.call, level, dependsOn);
  const shape: RepresentationShape = { typeName: type.name, fields, keyCount };
  const { filter } = context;
  (fetch.keys as KeySource[]).push({
    kind: 'parents',
    path: context.path,
    keyProp: '',
    representation: shape,
    ...(filter && { typeName: filter.typeName, typenameKey: filter.typenameKey }),
  });
  const builder = planner.builderOf(fetch.id);
  return {
    fetch,
    keyProp: '',
    representation: shape,
    owner: builder ? { kind: 'document', source: entity.source, builder } : { kind: 'whole', source: entity.source },
  };
}

/** Every fetch the hidden fields read, below them included. */
function fetchesRead(shapes: readonly FieldShape[], into = new Set<number>()): Set<number> {
  for (const shape of shapes) {
    const reader = shape.reader as { fetch?: number };
    if (reader.fetch !== undefined) into.add(reader.fetch);
    if (shape.sub) for (const fields of (shape.sub as CompositeShape).byType.values()) fetchesRead(fields, into);
  }
  return into;
}
