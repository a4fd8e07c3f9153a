import { Kind, type FieldNode, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import type { FieldLink } from '../../links/resolvers.js';
import type { EntityCall } from '../../links/plan.js';
import type { KeyedCall } from '../../links/keyed-call.js';
import type { ComputedField } from '../../computed/computed-field.js';
import type { PlanningSchema } from './planning-schema.js';
import type { CompositeShape, ComputedFetch, Fetch, FieldShape, KeyedFetch, KeySource, PathStep, Reader } from './query-plan.js';
import type { SelectionBuilder } from './selection-builder.js';
import { COMPUTED_SOURCE, NotPlanned, keyAlias, producerOf, type EntityFetch, type Owner, type TypeFilter } from './planner-parts.js';

// Fields answered by a fetch of their own that waits for their parents: a link (`@resolveBy`), the
// fields of a merged type that another source answers by key (`@merge`), and a computed field.

/** What planning these fields needs of the planner. */
export interface FieldPlanner {
  planning: PlanningSchema;
  fetches: Fetch[];
  keyedFetch(call: KeyedCall, level: number, dependsOn: number[]): KeyedFetch;
  builderOf(id: number): SelectionBuilder | undefined;
  /** Closes a keyed fetch to further keys of the selection being planned. */
  settle(id: number): void;
  shape(type: GraphQLObjectType, responseKey: string, nodes: readonly FieldNode[], reader: Reader): FieldShape;
  composite(type: GraphQLOutputType, nodes: readonly FieldNode[], owner: Owner, level: number, path: readonly PathStep[]): CompositeShape | undefined;
}

const step = (shape: FieldShape, filter: TypeFilter | undefined): PathStep => ({
  shape,
  ...(filter && { typeName: filter.typeName, typenameKey: filter.typenameKey }),
});
const parentsAt = (path: readonly PathStep[], keyProp: string, filter: TypeFilter | undefined): KeySource => ({
  kind: 'parents',
  path,
  keyProp,
  ...(filter && { typeName: filter.typeName, typenameKey: filter.typenameKey }),
});

/** Where the objects of `owner` hold the key field, requested from their source when they come from a document. */
export function keyFrom(planning: PlanningSchema, owner: Owner, type: GraphQLObjectType, key: string): string {
  if (!planning.provides(owner.source, type.name, key)) throw new NotPlanned(`source "${owner.source}" does not answer ${type.name}.${key}, the key`);
  if (owner.kind === 'whole') return key;
  const alias = keyAlias(key);
  if (owner.builder.field(alias, { name: { kind: Kind.NAME, value: key } }, false) === undefined) throw new NotPlanned('key alias clash');
  return alias;
}

/** A keyed fetch of a merged type's fields from another source, for the objects at the end of `path`. */
export function entityFetch(
  planner: FieldPlanner,
  type: GraphQLObjectType,
  entity: EntityCall,
  owner: Owner,
  level: number,
  path: readonly PathStep[],
  filter: TypeFilter | undefined,
): EntityFetch {
  const keyProp = keyFrom(planner.planning, owner, type, entity.key);
  const producer = producerOf(path);
  const fetch = planner.keyedFetch(entity.call, level + 1, producer === undefined ? [] : [producer]);
  (fetch.keys as KeySource[]).push(parentsAt(path, keyProp, filter));
  const builder = planner.builderOf(fetch.id);
  return { fetch, keyProp, owner: builder ? { kind: 'document', source: entity.source, builder } : { kind: 'whole', source: entity.source } };
}

/** A link field: a keyed fetch of the linked operation for every parent at the end of `path`. */
export function linkField(
  planner: FieldPlanner,
  type: GraphQLObjectType,
  responseKey: string,
  nodes: readonly FieldNode[],
  link: FieldLink,
  owner: Owner,
  parentLevel: number,
  path: readonly PathStep[],
  filter: TypeFilter | undefined,
): FieldShape {
  const keyProp = keyFrom(planner.planning, owner, type, link.key);
  const producer = path.length === 0 ? undefined : producerOf(path);
  const level = parentLevel + 1;
  const fetch = planner.keyedFetch(link, level, producer === undefined ? [] : [producer]);
  (fetch.keys as KeySource[]).push(parentsAt(path, keyProp, filter));
  const shape = planner.shape(type, responseKey, nodes, { kind: 'link', fetch: fetch.id, keyProp, many: link.many });
  const builder = planner.builderOf(fetch.id);
  const field = type.getFields()[nodes[0]!.name.value]!;
  const source = link.target.source;
  const itemOwner: Owner = builder ? { kind: 'document', source, builder } : { kind: 'whole', source };
  shape.sub = planner.composite(field.type, nodes, itemOwner, level, [...path, step(shape, filter)]);
  planner.settle(fetch.id);
  return shape;
}

/** A computed field: a fetch running the resolver for every parent at the end of `path`, once they are fetched. */
export function computedField(
  planner: FieldPlanner,
  type: GraphQLObjectType,
  responseKey: string,
  nodes: readonly FieldNode[],
  computed: ComputedField,
  owner: Owner,
  parentLevel: number,
  path: readonly PathStep[],
  filter: TypeFilter | undefined,
): FieldShape {
  // The required fields come with the parents, under aliases of their own in a source document.
  const requires = computed.requires.map((name) => ({ name, prop: keyFrom(planner.planning, owner, type, name) }));
  const producer = producerOf(path);
  const field = type.getFields()[nodes[0]!.name.value]!;
  const fetch: ComputedFetch = {
    kind: 'computed',
    id: planner.fetches.length,
    source: computed.module ?? COMPUTED_SOURCE,
    dependsOn: producer === undefined ? [] : [producer],
    level: parentLevel + 1,
    computed,
    field,
    nodes,
    parentType: type.name,
    responseKey,
    parents: { path, ...(filter && { typeName: filter.typeName, typenameKey: filter.typenameKey }) },
    requires,
  };
  planner.fetches.push(fetch);
  const shape = planner.shape(type, responseKey, nodes, { kind: 'computed', fetch: fetch.id });
  shape.sub = planner.composite(field.type, nodes, { kind: 'whole', source: COMPUTED_SOURCE }, fetch.level, [...path, step(shape, filter)]);
  return shape;
}
