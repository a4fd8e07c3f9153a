import { OperationTypeNode, getNamedType, isCompositeType, type FieldNode, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import type { EventFetch, FieldShape, KeySource, LocalRootFetch, Reader } from './query-plan.js';
import type { FieldPlanner } from './plan-keyed-fields.js';
import type { RootDocuments } from './root-documents.js';
import { NotPlanned, checkResponseKey } from './planner-parts.js';

/** What planning a root field reads besides the planner. */
export interface RootFieldContext {
  operation: OperationTypeNode;
  /** The documents of GraphQL sources' root fields, one per source and point of the plan. */
  rootDocuments: RootDocuments;
}

/** One root field of the operation (or of a deferred fragment on the root). */
export interface RootField {
  rootType: GraphQLObjectType;
  responseKey: string;
  nodes: readonly FieldNode[];
  /** A mutation's: its fetches wait for `previous`, the fetches of the root field before it. */
  serial: boolean;
  previous: readonly number[];
}

/**
 * Plans a root field: a gRPC stream's event, a REST or gRPC operation (or a key of a batch
 * operation's call), or a field of a GraphQL source's root document.
 */
export function rootField(planner: FieldPlanner, context: RootFieldContext, root: RootField): FieldShape {
  const { rootType, responseKey, nodes, serial, previous } = root;
  const { planning } = planner;
  const name = nodes[0]!.name.value;
  checkResponseKey(responseKey);
  if (name === '__typename') return planner.shape(rootType, responseKey, nodes, { kind: 'typename' });
  if (name.startsWith('__')) throw new NotPlanned('introspection runs on the standard executor');
  const coordinate = `${rootType.name}.${name}`;
  const target = planning.roots.get(coordinate);
  if (!target) throw new NotPlanned(`${coordinate} belongs to no source`);
  if (target.kind === 'unplannable') throw new NotPlanned(target.reason);
  const field = rootType.getFields()[name]!;
  const common = { source: target.source, field, nodes, responseKey, rootType: rootType.name };
  if (target.kind === 'stream') return ownFetch(planner, root, { ...common, kind: 'event', dependsOn: [], stream: target.stream });
  if (context.operation === OperationTypeNode.SUBSCRIPTION && target.kind !== 'graphql')
    throw new NotPlanned(`${coordinate} is not a stream the planner reads`);
  const dependsOn = [...previous];
  const batched = serial ? undefined : planning.rootBatches.get(coordinate);
  if (target.kind === 'local' && batched && planning.roots.get(`Query.${batched.call.target.fieldName}`)?.kind === 'local') {
    const fetch = planner.keyedFetch(batched.call, 0, []);
    (fetch.keys as KeySource[]).push({ kind: 'argument', responseKey, argument: batched.argument, field, nodes, operation: target.operation });
    const shape = wholeAnswer(planner, root, field.type, { kind: 'rootKeyed', fetch: fetch.id, responseKey }, batched.call.target.source);
    planner.settle(fetch.id);
    return shape;
  }
  if (target.kind === 'local') return ownFetch(planner, root, { ...common, kind: 'localRoot', dependsOn, operation: target.operation });
  // One document per source for the root fields of a query; a mutation's fields go one by one.
  const documentKey = serial ? `${target.source}#${responseKey}` : target.batch ? target.source : `${target.source}#${responseKey}`;
  const { fetch, sub } = context.rootDocuments.add(
    documentKey,
    target,
    context.operation,
    dependsOn,
    responseKey,
    nodes[0]!,
    isCompositeType(getNamedType(field.type)),
  );
  const shape = planner.shape(rootType, responseKey, nodes, { kind: 'root', fetch: fetch.id, key: responseKey });
  if (sub) shape.sub = planner.composite(field.type, nodes, { kind: 'document', source: target.source, builder: sub }, 0, [{ shape }]);
  return shape;
}

/** A root field with a fetch of its own at the plan's first level (a stream's event, a REST or gRPC operation), answering whole objects. */
function ownFetch(planner: FieldPlanner, root: RootField, fetch: Omit<EventFetch, 'id' | 'level'> | Omit<LocalRootFetch, 'id' | 'level'>): FieldShape {
  const added = { ...fetch, id: planner.fetches.length, level: 0 } as EventFetch | LocalRootFetch;
  planner.fetches.push(added);
  return wholeAnswer(planner, root, added.field.type, { kind: 'root', fetch: added.id }, added.source);
}

/** The shape of a root field whose fetch answers whole objects (a REST or gRPC operation, a stream's event). */
function wholeAnswer(planner: FieldPlanner, root: RootField, type: GraphQLOutputType, reader: Reader, source: string): FieldShape {
  const shape = planner.shape(root.rootType, root.responseKey, root.nodes, reader);
  shape.sub = planner.composite(type, root.nodes, { kind: 'whole', source }, 0, [{ shape }]);
  return shape;
}
