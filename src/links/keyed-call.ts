import { GraphQLError, GraphQLList, getNullableType, isNonNullType, type GraphQLOutputType, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { delegateToSchema, getUnpathedErrors, resolveExternalValue } from '@graphql-tools/delegate';
import DataLoader from 'dataloader';
import { upstreamError } from '../errors.js';
import { argumentsAt, valueAt, type OperationTarget } from './operation-target.js';
import { KEY_ALIAS, delegatedField } from './selection.js';
import type { LinkRuntime } from './runtime.js';
import { requestStateOf } from '../request-state.js';

/** Calls of one operation by key, batched per request: what a link field and an entity merge share. */
export interface KeyedCall {
  /** `Type.field` for links, `Type@source` for merges: the metric label and the loader's name. */
  id: string;
  /** Each key yields a list of items (one-to-many) rather than one item. */
  many: boolean;
  maxBatchSize: number;
  target: OperationTarget;
  /** Entity merges ask stitching not to plan further merges inside the call; the caller merges. */
  skipTypeMerging?: boolean;
}

/** The selection a call must fetch for each item; `id` tells two selections apart without printing them. */
export interface ItemSelection {
  id: string;
  selections: readonly SelectionNode[];
}

type Loader = DataLoader<unknown, unknown>;

export function loadByKey(
  call: KeyedCall,
  runtime: LinkRuntime,
  context: object,
  info: GraphQLResolveInfo,
  selection: ItemSelection,
  key: unknown,
): Promise<unknown> {
  // Before any loader: a caller the operation's policies deny causes no call at all.
  const denied = runtime.authorizeCall(info.schema, context, call.target.fieldName);
  if (denied) return Promise.reject(denied);
  // One loader per request, call and selection: never shared across requests or users. A context
  // that is not a gateway request's (yoga used directly) gets loaders for this call only.
  const state = requestStateOf(context);
  const byCall = state ? (state.loaders ??= new Map()) : new Map<object, Map<string, unknown>>();
  let loaders = byCall.get(call) as Map<string, Loader> | undefined;
  if (!loaders) {
    loaders = new Map();
    byCall.set(call, loaders);
  }
  let loader = loaders.get(selection.id);
  if (!loader) {
    loader = new DataLoader((keys) => loadBatch(call, runtime, keys, context, info, selection).then(withoutPaths), {
      cacheKeyFn: String,
      maxBatchSize: call.target.batch ? call.maxBatchSize : Infinity,
    });
    loaders.set(selection.id, loader);
  }
  return loader.load(key);
}

/** How one batch reaches the source: by delegation (stitching), by a planned document, or by calling a local operation. */
export interface Backend {
  invoke(argument: unknown): Promise<unknown>;
  items(result: unknown): unknown[];
  keyOf(item: Record<string, unknown>, matchOn: readonly string[]): unknown;
}

function loadBatch(
  call: KeyedCall,
  runtime: LinkRuntime,
  keys: readonly unknown[],
  context: object,
  info: GraphQLResolveInfo,
  selection: ItemSelection,
): Promise<unknown[]> {
  const backend = call.target.local ? localBackend(call, context, info) : delegatedBackend(call, context, info, selection);
  return callKeys(call, runtime, keys, backend);
}

/**
 * Calls the operation for a batch of distinct keys and answers, in the keys' order, each key's item
 * (or list of items), null, or the error that stands for it.
 */
export async function callKeys(call: KeyedCall, runtime: LinkRuntime, keys: readonly unknown[], backend: Backend): Promise<unknown[]> {
  const { target } = call;
  runtime.recordBatch(call.id, keys.length);
  if (!target.batch) {
    return Promise.all(
      keys.map(async (key) => {
        const result = await backend.invoke(key);
        if (result instanceof Error) return result;
        if (result === null || result === undefined) return call.many ? [] : null;
        const items = backend.items(result);
        return call.many ? items : target.returnsList || target.results ? (items[0] ?? null) : result;
      }),
    );
  }
  const result = await backend.invoke(keys);
  if (result instanceof Error) return keys.map(() => result);
  return match(call, backend, keys, result === null || result === undefined ? [] : backend.items(result));
}

export function nullMeansError(target: OperationTarget, returnType: GraphQLOutputType, result: unknown): unknown {
  // A non-null root field that comes back null was nulled by an error reported elsewhere.
  return result === null && isNonNullType(returnType)
    ? upstreamError(target.source, `Source "${target.source}" returned no result for ${target.fieldName}`)
    : result;
}

export function localBackend(call: KeyedCall, context: object, info: GraphQLResolveInfo): Backend {
  const { target } = call;
  const local = target.local!;
  return {
    invoke: (argument) =>
      // Through then(): an error thrown while the call is built becomes this key's error.
      Promise.resolve()
        .then(() => local.callWithJson(argumentsAt(target.argumentPath, argument), context, info))
        .then(
          (result) => nullMeansError(target, local.field.type, result),
          (error: unknown) => error,
        ),
    items: (result) => {
      const raw = target.results ? valueAt(result, target.results) : result;
      return Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
    },
    keyOf: (item, matchOn) => valueAt(item, matchOn),
  };
}

function delegatedBackend(call: KeyedCall, context: object, info: GraphQLResolveInfo, selection: ItemSelection): Backend {
  const { target } = call;
  const fieldNode = delegatedField(target.fieldName, selection.selections, target.batch ? target.matchOn : undefined, target.results);
  const returnType = info.schema.getQueryType()!.getFields()[target.fieldName]!.type;
  return {
    invoke: (argument) =>
      Promise.resolve()
        .then(() =>
          delegateToSchema({
            schema: target.subschema,
            operation: 'query' as never,
            fieldName: target.fieldName,
            args: argumentsAt(target.argumentPath, argument),
            returnType,
            fieldNodes: [fieldNode],
            context,
            info,
            ...(call.skipTypeMerging && { skipTypeMerging: true }),
          }),
        )
        .then(
          (result) => nullMeansError(target, returnType, result),
          (error: unknown) => error,
        ),
    items: (result) => itemsOf(target, result, context, info, returnType),
    keyOf: (item, matchOn) => valueAt(item[KEY_ALIAS], matchOn.slice(1)),
  };
}

/** The items in an operation's result, annotated so that their own fields keep resolving through stitching. */
function itemsOf(target: OperationTarget, result: unknown, context: object, info: GraphQLResolveInfo, returnType: GraphQLOutputType): unknown[] {
  if (!target.results) return Array.isArray(result) ? result : [result];
  const raw = valueAt(result, target.results);
  if (raw === null || raw === undefined) return [];
  const itemType = info.schema.getType(target.itemType) as GraphQLOutputType | undefined;
  const listType = new GraphQLList(itemType ?? getNullableType(returnType));
  const resolved = resolveExternalValue(raw, getUnpathedErrors(result as never), target.subschema, context, info, listType);
  return Array.isArray(resolved) ? resolved : [resolved];
}

function match(call: KeyedCall, backend: Backend, keys: readonly unknown[], items: unknown[]): unknown[] {
  const { matchOn } = call.target;
  if (!matchOn) return keys.map((_key, index) => items[index] ?? null);
  const byKey = new Map<string, unknown[]>();
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const itemKey = String(backend.keyOf(item as Record<string, unknown>, matchOn));
    const bucket = byKey.get(itemKey);
    if (bucket) bucket.push(item);
    else byKey.set(itemKey, [item]);
  }
  return keys.map((key) => {
    const found = byKey.get(String(key)) ?? [];
    return call.many ? found : (found[0] ?? null);
  });
}

/**
 * A batch error belongs to every parent whose key was in the batch; without a path of its own,
 * graphql-js locates it on each parent's field.
 */
export function withoutPaths(values: unknown[]): unknown[] {
  const stripped = new Map<unknown, GraphQLError>();
  return values.map((value) => {
    if (!(value instanceof GraphQLError) || value.path === undefined) return value;
    let copy = stripped.get(value);
    if (!copy) {
      copy = new GraphQLError(value.message, { extensions: value.extensions, ...(value.originalError && { originalError: value.originalError }) });
      stripped.set(value, copy);
    }
    return copy;
  });
}
