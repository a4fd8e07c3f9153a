import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isListType,
  isScalarType,
  isEnumType,
  print,
  type FieldNode,
  type GraphQLFieldConfig,
  type GraphQLSchema,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { loadByKey, type KeyedCall } from './keyed-call.js';
import { DEFAULT_MAX_BATCH_SIZE } from './plan.js';
import { resolveTarget } from './operation-target.js';
import type { SourceView } from '../sources/source-view.js';
import type { LinkRuntime } from './runtime.js';

/**
 * Finds root fields that fetch one item by key while the same source declares a batch operation
 * returning that item type keyed by the same argument name (`user(id:)` and `usersByIds(ids:)`
 * with key `id`). Returns `Query.field` (gateway name) → the keyed call to use instead.
 */
export function batchableRootFields(views: ReadonlyMap<string, SourceView>): Map<string, { argument: string; call: KeyedCall }> {
  const found = new Map<string, { argument: string; call: KeyedCall }>();
  for (const view of views.values()) {
    const query = view.visible.getQueryType();
    if (!query) continue;
    const batches = view.entry.loaded.operations.filter((operation) => operation.rootType === 'Query' && operation.batch);
    for (const operation of view.entry.loaded.operations) {
      if (operation.rootType !== 'Query' || operation.batch) continue;
      const fieldName = view.gatewayFieldName(operation.field);
      const field = query.getFields()[fieldName];
      const argument = field?.args.length === 1 ? field.args[0]! : undefined;
      if (!field || !argument || isListType(getNullableType(field.type))) continue;
      const argumentType = getNamedType(argument.type);
      if (!isScalarType(argumentType) && !isEnumType(argumentType)) continue;
      for (const candidate of batches) {
        if (candidate.batch!.key !== argument.name) continue;
        const target = resolveTarget(views, { source: view.entry.name, operation: candidate.name });
        if (typeof target === 'string' || !target.batch || target.itemType !== getNamedType(field.type).name) continue;
        found.set(`Query.${fieldName}`, {
          argument: argument.name,
          call: { id: `Query.${fieldName}`, many: false, maxBatchSize: DEFAULT_MAX_BATCH_SIZE, target },
        });
        break;
      }
    }
  }
  return found;
}

/** Resolves the batchable root fields through per-request loaders: aliases with different keys share one call. */
export function applyRootBatching(
  schema: GraphQLSchema,
  batchable: ReadonlyMap<string, { argument: string; call: KeyedCall }>,
  runtime: LinkRuntime,
): GraphQLSchema {
  if (batchable.size === 0) return schema;
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (config: GraphQLFieldConfig<unknown, object>, fieldName) => {
      const entry = batchable.get(`Query.${fieldName}`);
      if (!entry) return config;
      const unbatched = config.resolve ?? defaultFieldResolver;
      return {
        ...config,
        resolve: (root, args: Record<string, unknown>, context, info) => {
          // Batching must not widen or narrow what a caller may read: one whom the batch operation's
          // policies deny is answered by the root field it asked for.
          if (runtime.authorizeCall(info.schema, context, entry.call.target.fieldName)) return unbatched(root, args, context, info);
          const key = args[entry.argument];
          if (key === null || key === undefined) return null;
          const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
          return loadByKey(entry.call, runtime, context, info, { id: rootSelectionId(info.fieldNodes), selections }, key);
        },
      };
    },
  });
}

// Aliases of one root field carry distinct fieldNodes; those with the same selection share a loader.
const ids = new WeakMap<readonly FieldNode[], string>();
function rootSelectionId(fieldNodes: readonly FieldNode[]): string {
  let id = ids.get(fieldNodes);
  if (id === undefined) {
    id = fieldNodes.map((node) => (node.selectionSet ? print(node.selectionSet) : '')).join('|');
    ids.set(fieldNodes, id);
  }
  return id;
}
