import {
  Kind,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { EntityCall } from '../../links/plan.js';
import type { KeyedCall } from '../../links/keyed-call.js';
import { callRootKey, type PlanningSchema } from './planning-schema.js';
import { answersField } from '../../links/federation-entities.js';
import { representationFetch, type RepresentationPlanner } from './plan-representation.js';
import type { CompositeShape, DeferredShape, Fetch, FieldShape, KeyedFetch, PathStep, QueryPlan, Reader, Unplanned } from './query-plan.js';
import type { SelectionBuilder } from './selection-builder.js';
import { computedField, entityFetch, linkField, type FieldPlanner } from './plan-keyed-fields.js';
import { RootDocuments } from './root-documents.js';
import { finishPlan } from './finish-plan.js';
import { KeyedGroups } from './keyed-groups.js';
import { SelectionCollector } from './collect-selection.js';
import { rootField, type RootFieldContext } from './plan-root-field.js';
import { NotPlanned, TYPENAME_ALIAS, checkResponseKey, deferredShape, type Entities, type EntityFetch, type Owner, type TypeFilter } from './planner-parts.js';
import { completionOf } from './completion.js';

export interface PlanInput {
  schema: GraphQLSchema;
  planning: PlanningSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Coerced variables: `@skip` and `@include` are decided with them, so a plan holds for one set of their values. */
  variableValues: Record<string, unknown>;
  /** Plan `@defer` and `@stream` for incremental delivery; otherwise they are ignored and the response is one payload. */
  incremental?: boolean;
}

/** Plans an operation: the fetches it needs and the shape of its response. */
export function planOperation(input: PlanInput): QueryPlan | Unplanned {
  try {
    return new Planner(input).plan();
  } catch (error) {
    if (error instanceof NotPlanned) return { unplanned: error.message };
    throw error;
  }
}

class Planner implements FieldPlanner {
  readonly fetches: Fetch[] = [];
  private readonly keyed = new KeyedGroups();
  private readonly rootDocuments = new RootDocuments(this.fetches);
  /** What planning a root field reads besides the planner. */
  private get roots(): RootFieldContext {
    return { operation: this.input.operation.operation, rootDocuments: this.rootDocuments };
  }
  private readonly shapes: FieldShape[] = [];
  private groupPrefix = '';
  /** Above zero while planning the hidden fields of a representation, whose response keys the planner reserves. */
  private hiddenDepth = 0;
  /** Federation entity calls whose representation is being planned: one needing itself is a cycle. */
  private readonly building = new Set<EntityCall>();

  private readonly collect: SelectionCollector;

  constructor(private readonly input: PlanInput) {
    this.collect = new SelectionCollector(input.schema, input.fragments, input.variableValues, input.incremental === true);
  }

  get planning(): PlanningSchema {
    return this.input.planning;
  }

  builderOf(id: number): SelectionBuilder | undefined {
    return this.keyed.builderOf(id);
  }

  settle(id: number): void {
    this.keyed.settle(id);
  }

  plan(): QueryPlan {
    const { schema, operation } = this.input;
    const rootType = schema.getRootType(operation.operation);
    if (!rootType) throw new NotPlanned(`the schema has no ${operation.operation} type`);
    const serial = operation.operation === OperationTypeNode.MUTATION;
    const { fields, patches } = this.collect.root(rootType, operation.selectionSet);
    const root: FieldShape[] = [];
    // A mutation's root fields run one after another, each once the previous one is complete with
    // everything below it (the specification's serial execution).
    let previous: number[] = [];
    for (const [responseKey, nodes] of fields) {
      const first = this.fetches.length;
      // Fetches below one root field of a mutation are never merged with those below another.
      if (serial) this.groupPrefix = `${responseKey}:`;
      root.push(rootField(this, this.roots, { rootType, responseKey, nodes, serial, previous }));
      // A root field without a fetch (`__typename`) leaves the order as it was.
      if (serial && this.fetches.length > first) previous = this.fetches.slice(first).map((fetch) => fetch.id);
    }
    const deferred = patches.map(({ label, fields: patchFields }) =>
      deferredShape(
        label,
        [...patchFields].map(([responseKey, nodes]) => rootField(this, this.roots, { rootType, responseKey, nodes, serial, previous })),
      ),
    );
    return this.finish({
      operationType: operation.operation,
      rootType: rootType.name,
      fetches: [],
      root,
      serial,
      ...(this.input.incremental && { incremental: true, deferred }),
    });
  }

  /** The shape below a composite field, for every object type its value may have. */
  composite(type: GraphQLOutputType, nodes: readonly FieldNode[], owner: Owner, level: number, path: readonly PathStep[]): CompositeShape | undefined {
    const named = getNamedType(type);
    if (!isCompositeType(named)) return undefined;
    const { schema } = this.input;
    const byType = new Map<string, FieldShape[]>();
    const deferred = new Map<string, DeferredShape[]>();
    const add = (typeName: string, collected: { shapes: FieldShape[]; deferred: DeferredShape[] }) => {
      byType.set(typeName, collected.shapes);
      if (collected.deferred.length > 0) deferred.set(typeName, collected.deferred);
    };
    const shape = (typenameKey: string): CompositeShape => ({ byType, typenameKey, ...(deferred.size > 0 && { deferred }) });
    if (isObjectType(named)) {
      add(named.name, this.fields(named, nodes, owner, level, path, undefined));
      return shape('__typename');
    }
    const typenameKey = owner.kind === 'whole' ? '__typename' : TYPENAME_ALIAS;
    if (owner.kind === 'document') owner.builder.field(TYPENAME_ALIAS, { name: { kind: Kind.NAME, value: '__typename' } }, false);
    for (const member of schema.getPossibleTypes(named)) {
      const memberOwner: Owner = owner.kind === 'whole' ? owner : { kind: 'document', source: owner.source, builder: owner.builder.on(member.name) };
      add(member.name, this.fields(member, nodes, memberOwner, level, path, { typeName: member.name, typenameKey }));
    }
    return shape(typenameKey);
  }

  private fields(
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    owner: Owner,
    level: number,
    path: readonly PathStep[],
    filter: TypeFilter | undefined,
  ): { shapes: FieldShape[]; deferred: DeferredShape[] } {
    const { fields, patches } = this.collect.sub(type, nodes);
    // Entity fetches are shared by the fields and the deferred fragments of one selection.
    const entities: Entities = new Map();
    const shapes = this.fieldShapes(type, fields, owner, level, path, filter, entities);
    const deferred = patches.map(({ label, fields: patchFields }) =>
      deferredShape(label, this.fieldShapes(type, patchFields, owner, level, path, filter, entities)),
    );
    for (const { fetch } of entities.values()) this.keyed.settle(fetch.id);
    return { shapes, deferred };
  }

  /** What planning a federation entity's representation needs of the planner. */
  private representationPlanner(): RepresentationPlanner {
    return {
      planning: this.input.planning,
      fetches: this.fetches,
      building: this.building,
      hiddenFields: (type, collected, context) => {
        this.hiddenDepth++;
        try {
          return this.fieldShapes(type, collected, context.owner, context.level, context.path, context.filter, context.entities);
        } finally {
          this.hiddenDepth--;
        }
      },
      keyedFetch: (call, level, dependsOn) => this.keyedFetch(call, level, dependsOn),
      builderOf: (id) => this.keyed.builderOf(id),
    };
  }

  private fieldShapes(
    type: GraphQLObjectType,
    collected: Map<string, FieldNode[]>,
    owner: Owner,
    level: number,
    path: readonly PathStep[],
    filter: TypeFilter | undefined,
    entities: Entities,
  ): FieldShape[] {
    const { planning } = this.input;
    const merged = planning.mergedTypes.has(type.name);
    const step = (shape: FieldShape): PathStep => ({ shape, ...(filter && { typeName: filter.typeName, typenameKey: filter.typenameKey }) });
    const shapes: FieldShape[] = [];
    for (const [responseKey, fieldNodes] of collected) {
      if (this.hiddenDepth === 0) checkResponseKey(responseKey);
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') {
        shapes.push(this.shape(type, responseKey, fieldNodes, { kind: 'typename' }));
        continue;
      }
      const field = type.getFields()[name]!;
      const computed = planning.computed.get(`${type.name}.${name}`);
      if (computed) {
        shapes.push(computedField(this, type, responseKey, fieldNodes, computed, owner, level, path, filter));
        continue;
      }
      const link = planning.links.get(`${type.name}.${name}`);
      if (link) {
        shapes.push(linkField(this, type, responseKey, fieldNodes, link, owner, level, path, filter));
        continue;
      }
      // A field of a merged type that the objects at hand lack: another source answers it by key.
      let fieldOwner = owner;
      let entity: EntityFetch | undefined;
      if (merged && !planning.provides(owner.source, type.name, name)) {
        const call = planning.entities
          .get(type.name)
          ?.find((candidate) => planning.provides(candidate.source, type.name, name) && answersField(candidate.representation, name));
        if (!call) throw new NotPlanned(`no source answers ${type.name}.${name} by key`);
        entity = entities.get(call);
        if (!entity) {
          entity = call.representation
            ? representationFetch(this.representationPlanner(), type, call, { owner, level, path, filter, entities })
            : entityFetch(this, type, call, owner, level, path, filter);
          entities.set(call, entity);
        }
        fieldOwner = entity.owner;
      }
      const composite = isCompositeType(getNamedType(field.type));
      let childOwner: Owner = fieldOwner;
      let readKey = name;
      if (fieldOwner.kind === 'document') {
        const sub = fieldOwner.builder.field(responseKey, fieldNodes[0]!, composite);
        if (sub === undefined) throw new NotPlanned(`response key ${responseKey} clashes in a source document`);
        readKey = responseKey;
        if (sub) childOwner = { kind: 'document', source: fieldOwner.source, builder: sub };
      } else if (field.args.length > 0) {
        throw new NotPlanned(`${type.name}.${name} takes arguments on a whole object`);
      }
      const reader: Reader = entity
        ? {
            kind: 'entity',
            fetch: entity.fetch.id,
            keyProp: entity.keyProp,
            itemKey: readKey,
            ...(entity.representation && { representation: entity.representation }),
          }
        : { kind: 'prop', key: readKey };
      const shape = this.shape(type, responseKey, fieldNodes, reader);
      if (composite) shape.sub = this.composite(field.type, fieldNodes, childOwner, entity ? entity.fetch.level : level, [...path, step(shape)]);
      shapes.push(shape);
    }
    return shapes;
  }

  keyedFetch(call: KeyedCall, level: number, dependsOn: number[]): KeyedFetch {
    const target = this.input.planning.roots.get(callRootKey(call.target));
    if (!target || (target.kind !== 'local' && target.kind !== 'graphql'))
      throw new NotPlanned(target?.kind === 'unplannable' ? target.reason : `${call.id} calls an operation of no source`);
    // The operation's local form as the planner knows it: stitching leaves operations of merged types delegated.
    const { local: _delegated, ...rest } = call.target;
    const planned: KeyedCall = { ...call, target: target.kind === 'local' ? { ...rest, local: target.operation } : rest };
    const fetch: KeyedFetch = {
      kind: 'keyed',
      id: this.fetches.length,
      source: call.target.source,
      dependsOn: [...new Set(dependsOn)],
      level,
      call: planned,
      variables: [],
      keys: [],
      ...(target.kind === 'graphql' && { view: target.view }),
    };
    this.fetches.push(fetch);
    this.keyed.add(fetch, `${this.groupPrefix}${call.id}@${level}`, target.kind === 'graphql');
    return fetch;
  }

  shape(type: GraphQLObjectType, responseKey: string, nodes: readonly FieldNode[], reader: Reader): FieldShape {
    const name = nodes[0]!.name.value;
    const returnType = name === '__typename' ? (this.input.schema.getType('String') as GraphQLOutputType) : type.getFields()[name]!.type;
    const shape: FieldShape = { responseKey, fieldName: name, parentType: type.name, returnType, completion: completionOf(returnType), nodes, reader };
    const stream = isListType(getNullableType(returnType)) ? this.collect.stream(nodes[0]!) : undefined;
    if (stream) shape.stream = stream;
    this.shapes.push(shape);
    return shape;
  }

  /** Moves references off merged fetches, numbers the remaining ones densely and writes the documents. */
  private finish(plan: QueryPlan): QueryPlan {
    const finished = finishPlan(plan, {
      fetches: this.fetches,
      merged: this.keyed.merged,
      shapes: this.shapes,
      documents: [...this.rootDocuments.values(), ...this.keyed.documents()],
      operation: this.input.operation,
      planning: this.input.planning,
    });
    // Fetches wait only for fetches that can finish first; a plan that breaks this is a planner bug,
    // and the operation goes to the standard executor rather than wait forever.
    if (!finished) throw new NotPlanned('the planned fetches wait for each other');
    return finished;
  }
}
