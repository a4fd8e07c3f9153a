import {
  Kind,
  buildASTSchema,
  isObjectType,
  parse,
  print,
  type FieldDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type TypeNode,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { MergedTypeConfig } from '@graphql-tools/delegate';
import type { IResolvers } from '@graphql-tools/utils';
import type { Problem } from '../config/problems.js';
import type { SdlFile } from '../sources/sdl-files.js';
import { locatedProblem, readDeclarations, type FieldLinkDeclaration, type MergeDeclaration } from './declarations.js';
import { LINK_DIRECTIVES_SDL } from './directives.js';
import { nonNullLinkWarning } from './nullability.js';
import { linkResolver, mergeResolver, type FieldLink } from './resolvers.js';
import type { KeyedCall } from './keyed-call.js';
import { resolveTarget, type OperationTarget } from './operation-target.js';
import type { SourceView } from '../sources/source-view.js';
import { keyMismatch } from './key-compatibility.js';
import { didYouMeanAny } from '../config/did-you-mean.js';
import type { LinkRuntime } from './runtime.js';
import { localOperations, localStreams } from '../sources/local-operations.js';
import { federationEntityCalls, type EntityRepresentation } from './federation-entities.js';

const definitions = buildASTSchema(parse(LINK_DIRECTIVES_SDL), { assumeValidSDL: true });
export const linkDirectives = [definitions.getDirective('resolveBy')!, definitions.getDirective('merge')!] as const;

/** A merged type's fields from one source, fetched by key through that source's operation. */
export interface EntityCall {
  source: string;
  /** The field holding the key, on the type as every source has it (a federation entity's first key field). */
  key: string;
  call: KeyedCall;
  /** A federation subgraph's entity: the keys are representations built as this says. */
  representation?: EntityRepresentation;
}

/** Default for `maxBatchSize`. */
export const DEFAULT_MAX_BATCH_SIZE = 500;

export interface LinkPlan {
  links: FieldLink[];
  /** `extend type` definitions adding the linked fields to the gateway schema. */
  typeDefs: string;
  resolvers: IResolvers;
  /** Type merging configuration to set on each source's subschema, by source name. */
  merges: Map<string, Record<string, MergedTypeConfig>>;
  /** The resolver of each linked field, by `Type.field`, to put back after stitching (see applyLinkResolvers). */
  fieldResolvers: Map<string, GraphQLFieldResolver<never, never>>;
  /** Types declared as one entity across sources; they may differ between sources. */
  mergedTypes: Set<string>;
  /** The root fields (gateway names) that merging each type may call, by type name. */
  mergeCalls: Map<string, string[]>;
  /** How each merged type is fetched from each source that declared it, by type name. */
  entities: Map<string, EntityCall[]>;
  /** Fields a source has but does not answer, as `source/Type.field` (taken over by another with `@override`). */
  withheld: Set<string>;
  problems: Problem[];
  /** Links that work but put healthy data at risk, located like problems. */
  warnings: Problem[];
}

/** Validates every link in `schemas/` against the sources and turns it into stitching configuration. */
export function planLinks(files: readonly SdlFile[], views: ReadonlyMap<string, SourceView>, runtime: LinkRuntime): LinkPlan {
  const [resolveBy, merge] = linkDirectives;
  const { declarations, problems } = readDeclarations(files, { resolveBy, merge });
  const plan: LinkPlan = {
    links: [],
    typeDefs: '',
    resolvers: {},
    fieldResolvers: new Map(),
    merges: new Map(),
    mergedTypes: new Set(),
    mergeCalls: new Map(),
    entities: new Map(),
    withheld: new Set(),
    problems,
    warnings: [],
  };
  for (const declaration of declarations.merges) addMerge(plan, declaration, views, runtime);
  addFederationEntities(plan, views);
  // Merged entities need stitching's planning; everything else of REST and gRPC sources is called directly.
  for (const view of views.values()) {
    view.locals = localOperations(view, plan.mergedTypes);
    view.streams = localStreams(view, plan.mergedTypes);
  }
  const typeDefs: string[] = [];
  for (const declaration of declarations.fieldLinks) {
    const link = fieldLink(plan, declaration, views);
    if (!link) continue;
    plan.links.push(link);
    const warning = nonNullLinkWarning(declaration);
    if (warning) plan.warnings.push(warning);
    // The field as written (with its description), minus the directives that annotations attach later.
    typeDefs.push(`extend type ${declaration.typeName} { ${print({ ...(declaration.node as FieldDefinitionNode), directives: [] })} }`);
    const typeResolvers = ((plan.resolvers as Record<string, Record<string, unknown>>)[declaration.typeName] ??= {});
    const resolve = linkResolver(link, runtime);
    typeResolvers[declaration.fieldName] = { selectionSet: `{ ${link.key} }`, resolve };
    plan.fieldResolvers.set(link.id, resolve);
  }
  plan.typeDefs = typeDefs.join('\n');
  return plan;
}

function typesNamed(views: ReadonlyMap<string, SourceView>, name: string) {
  return [...views.values()].flatMap((view) => {
    const type = view.visible.getType(name);
    return isObjectType(type) ? [{ source: view.entry.name, type }] : [];
  });
}

function fieldLink(plan: LinkPlan, declaration: FieldLinkDeclaration, views: ReadonlyMap<string, SourceView>): FieldLink | undefined {
  const fail = (message: string) => void plan.problems.push(locatedProblem(declaration, message));
  const { typeName, fieldName, args } = declaration;
  const parents = typesNamed(views, typeName);
  if (parents.length === 0) return fail(`type "${typeName}" is not an object type of any source${didYouMeanAny(typeName, objectTypeNames(views))}`);
  const provider = parents.find(({ type }) => type.getFields()[fieldName]);
  if (provider) return fail(`field ${typeName}.${fieldName} is already provided by source "${provider.source}"`);
  const keyField = parents.map(({ type }) => type.getFields()[args.key]).find((field) => field !== undefined);
  if (!keyField) {
    return fail(
      `type "${typeName}" has no field "${args.key}" to take the key from${didYouMeanAny(
        args.key,
        parents.flatMap(({ type }) => Object.keys(type.getFields())),
      )}`,
    );
  }
  const target = resolveTarget(views, args);
  if (typeof target === 'string') return fail(target);
  const mismatch = keyProblem(typeName, keyField, target, args.operation);
  if (mismatch) return fail(mismatch);
  const declaredType = namedTypeOf(declaration.typeNode as TypeNode);
  if (declaredType !== target.itemType) {
    return fail(`${typeName}.${fieldName} is declared as ${declaredType}, but operation "${args.operation}" returns ${target.itemType}`);
  }
  const many = isListTypeNode(declaration.typeNode as TypeNode);
  if (many && !target.returnsList) return fail(`${typeName}.${fieldName} is a list, but operation "${args.operation}" returns one ${target.itemType}`);
  if (target.batch && !target.returnsList) return fail(`operation "${args.operation}" takes a list of keys but does not return a list`);
  if (many && target.batch && !target.matchOn) return fail(`a one-to-many batch link needs matchOn: the field of each ${target.itemType} that holds the key`);
  return { id: `${typeName}.${fieldName}`, key: args.key, many, maxBatchSize: args.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE, target };
}

function addMerge(plan: LinkPlan, declaration: MergeDeclaration, views: ReadonlyMap<string, SourceView>, runtime: LinkRuntime) {
  const fail = (message: string) => void plan.problems.push(locatedProblem(declaration, message));
  const { typeName, args } = declaration;
  const view = views.get(args.source);
  if (view && !isObjectType(view.visible.getType(typeName))) {
    const names = Object.values(view.visible.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .map((type) => type.name);
    return fail(`source "${args.source}" has no type "${typeName}" to merge${didYouMeanAny(typeName, names)}`);
  }
  const target = resolveTarget(views, args);
  if (typeof target === 'string') return fail(target);
  const keyField = typesNamed(views, typeName)
    .map(({ type }) => type.getFields()[args.key])
    .find((field) => field !== undefined);
  const mismatch = keyField && keyProblem(typeName, keyField, target, args.operation);
  if (mismatch) return fail(mismatch);
  if (target.itemType !== typeName) return fail(`operation "${args.operation}" returns ${target.itemType}, not ${typeName}`);
  if (target.results) return fail('@merge cannot read items under a results path');
  const call: KeyedCall = { id: `${typeName}@${args.source}`, many: false, maxBatchSize: DEFAULT_MAX_BATCH_SIZE, target, skipTypeMerging: true };
  const config: MergedTypeConfig = {
    selectionSet: `{ ${args.key} }`,
    key: (value: Record<string, unknown>) => value[args.key],
    resolve: mergeResolver(call, runtime),
  };
  const forSource = plan.merges.get(args.source) ?? {};
  forSource[typeName] = config;
  plan.merges.set(args.source, forSource);
  plan.mergedTypes.add(typeName);
  plan.entities.set(typeName, [...(plan.entities.get(typeName) ?? []), { source: args.source, key: args.key, call }]);
  plan.mergeCalls.set(typeName, [...(plan.mergeCalls.get(typeName) ?? []), target.fieldName]);
}

/**
 * The entities of federation subgraphs join the merged types: each subgraph's fields of one is a
 * call of its `_entities`. A field taken over with `@override(from:)` is withheld from the source
 * it was taken from.
 */
function addFederationEntities(plan: LinkPlan, views: ReadonlyMap<string, SourceView>) {
  for (const view of views.values()) {
    for (const entity of view.entry.loaded.entities ?? []) {
      plan.mergedTypes.add(entity.typeName);
      for (const { source, call, representation } of federationEntityCalls(view, entity)) {
        const key = representation.keys[0]!.selections.find((selection) => selection.kind === Kind.FIELD);
        const entry: EntityCall = { source, key: key?.kind === Kind.FIELD ? key.name.value : 'id', call, representation };
        plan.entities.set(entity.typeName, [...(plan.entities.get(entity.typeName) ?? []), entry]);
      }
      for (const [field, from] of Object.entries(entity.overrides)) plan.withheld.add(`${from}/${entity.typeName}.${field}`);
    }
  }
}

/** Every object type name the sources have, for suggestions. */
function objectTypeNames(views: ReadonlyMap<string, SourceView>): string[] {
  return [...views.values()].flatMap((view) => {
    const roots = new Set([view.visible.getQueryType(), view.visible.getMutationType(), view.visible.getSubscriptionType()]);
    return Object.values(view.visible.getTypeMap()).flatMap((type) =>
      isObjectType(type) && !roots.has(type) && !type.name.startsWith('__') ? [type.name] : [],
    );
  });
}

/** The key field's values cannot be passed as the operation's argument: a mistake every call would make. */
function keyProblem(typeName: string, keyField: GraphQLField<unknown, unknown>, target: OperationTarget, operation: string): string | undefined {
  const reason = keyMismatch(keyField.type, target.argumentType, target.batch);
  if (!reason) return undefined;
  return (
    `key ${typeName}.${keyField.name} is ${String(keyField.type)}, but argument "${target.argumentPath.join('.')}" of operation "${operation}" ` +
    `takes ${String(target.argumentType)}${target.batch ? ' (a list of keys)' : ''}: ${reason}`
  );
}

function namedTypeOf(node: TypeNode): string {
  return node.kind === Kind.NAMED_TYPE ? node.name.value : namedTypeOf(node.type);
}

function isListTypeNode(node: TypeNode): boolean {
  if (node.kind === Kind.NON_NULL_TYPE) return isListTypeNode(node.type);
  return node.kind === Kind.LIST_TYPE;
}

/**
 * Stitching wraps resolvers of fields it did not build with a step that completes merged entities
 * in their results, for every item. A link's items are either delegated (already complete) or
 * answered whole by a local operation, never a merged entity, so the plain resolver goes back.
 */
export function applyLinkResolvers(schema: GraphQLSchema, plan: LinkPlan): GraphQLSchema {
  if (plan.fieldResolvers.size === 0) return schema;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const resolve = plan.fieldResolvers.get(`${typeName}.${fieldName}`);
      return resolve ? { ...config, resolve: resolve as never } : config;
    },
  });
}
