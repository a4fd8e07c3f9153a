import type { GraphQLResolveInfo } from 'graphql';
import { loadByKey, type KeyedCall } from '../links/keyed-call.js';
import { resolveTarget } from '../links/operation-target.js';
import { DEFAULT_MAX_BATCH_SIZE } from '../links/plan.js';
import type { LinkRuntime } from '../links/runtime.js';
import type { LocalOperation, SourceView } from '../sources/source-view.js';
import { requestStateOf } from '../request-state.js';
import { documentCall, type DocumentCall } from './document-call.js';

/** The sources' operations as computed fields' resolvers call them: through the links' own path. */
export interface OperationCaller {
  call(
    source: string,
    operation: string,
    args: Record<string, unknown>,
    selection: string | undefined,
    context: object,
    info: GraphQLResolveInfo,
  ): Promise<unknown>;
  load(source: string, operation: string, key: unknown, many: boolean, context: object, info: GraphQLResolveInfo): Promise<unknown>;
}

interface Callable {
  /** A REST or gRPC operation, called directly. */
  local?: LocalOperation;
  /** A GraphQL source's root field, sent as a document. */
  document?: DocumentCall;
  fieldName: string;
  /** Query operations are reads: identical calls of one request share one. */
  shared: boolean;
}

/**
 * Resolves `source`/`operation` names once per schema generation (the calls and loaders must be
 * the same objects for every request, since per-request loaders are kept by them).
 */
export function createOperationCaller(views: ReadonlyMap<string, SourceView>, runtime: LinkRuntime): OperationCaller {
  const callables = new Map<string, Callable | Error>();
  const keyedCalls = new Map<string, KeyedCall | Error>();

  const callable = (source: string, operation: string): Callable | Error => {
    const id = `${source}\u0000${operation}`;
    let found = callables.get(id);
    if (!found) {
      found = findCallable(views, source, operation);
      callables.set(id, found);
    }
    return found;
  };

  const keyedCall = (source: string, operation: string, many: boolean): KeyedCall | Error => {
    const id = `${source}\u0000${operation}\u0000${many}`;
    let found = keyedCalls.get(id);
    if (!found) {
      const target = resolveTarget(views, { source, operation });
      if (typeof target === 'string') found = new Error(`context.load: ${target}`);
      else if (!target.local) found = new Error(`context.load: source "${source}" is a GraphQL source; resolvers call REST and gRPC operations`);
      else if (many && target.batch && !target.matchOn)
        found = new Error(`context.load: operation "${operation}" does not say which field of its items holds the key, so { many: true } cannot match them`);
      else found = { id: `${source}.${target.fieldName}`, many, maxBatchSize: DEFAULT_MAX_BATCH_SIZE, target };
      keyedCalls.set(id, found);
    }
    return found;
  };

  return {
    async call(source, operation, args, selection, context, info) {
      const found = callable(source, operation);
      if (found instanceof Error) throw found;
      const denied = runtime.authorizeCall(info.schema, context, found.fieldName);
      if (denied) throw denied;
      const send = () => (found.local ? found.local.callWithJson(args, context, info) : found.document!.send(args, selection, context));
      if (!found.shared) return send();
      const state = requestStateOf(context);
      const byCall = state ? (state.loaders ??= new Map()) : new Map<object, Map<string, unknown>>();
      let calls = byCall.get(found) as Map<string, Promise<unknown>> | undefined;
      if (!calls) {
        calls = new Map();
        byCall.set(found, calls);
      }
      const key = `${JSON.stringify(args)}\u0000${selection ?? ''}`;
      let pending = calls.get(key);
      if (!pending) {
        pending = send();
        calls.set(key, pending);
      }
      return pending;
    },
    load(source, operation, key, many, context, info) {
      const call = keyedCall(source, operation, many);
      if (call instanceof Error) return Promise.reject(call);
      if (key === null || key === undefined) return Promise.resolve(many ? [] : null);
      // Per request and operation, one DataLoader: the keys asked for in one tick go out together.
      return loadByKey(call, runtime, context, info, { id: 'whole', selections: [] }, key);
    },
  };
}

function findCallable(views: ReadonlyMap<string, SourceView>, source: string, operation: string): Callable | Error {
  const view = views.get(source);
  if (!view) return new Error(`context.call: unknown source "${source}" (sources: ${[...views.keys()].sort().join(', ')})`);
  const found = view.entry.loaded.operations.find((candidate) => candidate.name === operation || candidate.field === operation);
  if (!found) return new Error(`context.call: source "${source}" has no operation "${operation}"`);
  const fieldName = view.gatewayFieldName(found.field);
  const shared = found.rootType === 'Query';
  if (found.rootType === 'Subscription') return new Error(`context.call: "${operation}" of source "${source}" is a subscription`);
  if (!view.entry.loaded.local) {
    const field = (found.rootType === 'Query' ? view.entry.loaded.schema.getQueryType() : view.entry.loaded.schema.getMutationType())?.getFields()[found.field];
    if (!field) return new Error(`context.call: source "${source}" has no root field "${found.field}"`);
    return { document: documentCall(view, field, found.rootType), fieldName, shared };
  }
  const local = view.locals?.get(fieldName);
  if (!local)
    return new Error(`context.call: operation "${operation}" of source "${source}" cannot be called directly (it answers types merged across sources)`);
  return { local, fieldName, shared };
}
