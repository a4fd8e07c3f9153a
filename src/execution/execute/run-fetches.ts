import { GraphQLError, type ExecutionResult, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { isAsyncIterable, type ExecutionRequest, type Executor } from '@graphql-tools/utils';
import { callKeys, localBackend, nullMeansError, withoutPaths, type Backend } from '../../links/keyed-call.js';
import { valueAt } from '../../links/operation-target.js';
import { KEY_ALIAS } from '../../links/selection.js';
import type { LinkRuntime } from '../../links/runtime.js';
import type { DocumentRootFetch, Fetch, KeyedFetch, LocalRootFetch } from '../plan/query-plan.js';
import { ITEMS_ALIAS, KEYS_VARIABLE } from '../plan/keyed-document.js';
import { parentsAt } from './parents.js';
import type { RequestRun } from './request-run.js';

/** What a keyed fetch answered: by key (links) and by response key (root fields batched by key). */
export interface KeyedOutput {
  byKey: Map<string, unknown>;
  byResponseKey: Map<string, unknown>;
}

/** Runs every fetch of the plan, each once the fetches it waits for are done. Never rejects: a failure is the fetch's output. */
export async function runFetches(run: RequestRun): Promise<void> {
  const { fetches } = run.plan;
  const done: Array<Promise<void> | undefined> = new Array(fetches.length);
  const start = (fetch: Fetch): Promise<void> => {
    let promise = done[fetch.id];
    if (!promise) {
      const waits = fetch.dependsOn.map((id) => start(fetches[id]!));
      promise = (waits.length ? Promise.all(waits) : Promise.resolve()).then(() => runFetch(run, fetch));
      done[fetch.id] = promise;
    }
    return promise;
  };
  await Promise.all(fetches.map(start));
}

async function runFetch(run: RequestRun, fetch: Fetch): Promise<void> {
  try {
    run.outputs[fetch.id] =
      fetch.kind === 'localRoot' ? await runLocalRoot(run, fetch) : fetch.kind === 'documentRoot' ? await runDocumentRoot(run, fetch) : await runKeyed(run, fetch);
  } catch (error) {
    run.outputs[fetch.id] = error instanceof Error ? error : new Error(String(error));
  }
}

function runLocalRoot(run: RequestRun, fetch: LocalRootFetch): Promise<unknown> {
  return fetch.operation.callFromRequest(run.context, run.info(fetch.field, fetch.nodes, fetch.rootType, fetch.responseKey));
}

async function runDocumentRoot(run: RequestRun, fetch: DocumentRootFetch): Promise<unknown> {
  const result = await execute(fetch.view.subschema.executor!, {
    document: fetch.document,
    variables: pick(run.rawVariables, fetch.variables),
    operationType: fetch.operationType,
    context: run.context,
  });
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const unpathed: GraphQLError[] = [];
  const out: Record<string, unknown> = data ? { ...data } : {};
  for (const error of result.errors ?? []) {
    if (!error.path?.length || !placeError(out, error)) unpathed.push(error);
  }
  // An error the service could not place belongs to every root field it left without a value.
  if (unpathed.length) for (const key of fetch.responseKeys) if (out[key] == null) out[key] = unpathed[0];
  return out;
}

async function runKeyed(run: RequestRun, fetch: KeyedFetch): Promise<KeyedOutput> {
  const output: KeyedOutput = { byKey: new Map(), byResponseKey: new Map() };
  const keys: unknown[] = [];
  const seen = new Set<string>();
  const add = (key: unknown) => {
    const id = String(key);
    if (!seen.has(id)) {
      seen.add(id);
      keys.push(key);
    }
  };
  const byArgument: Array<{ responseKey: string; key: unknown }> = [];
  for (const source of fetch.keys) {
    if (source.kind === 'parents') {
      for (const parent of parentsAt(run, source)) {
        const key = parent[source.keyProp];
        if (key !== null && key !== undefined) add(key);
      }
    } else {
      const key = getArgumentValues(source.field, source.nodes[0]!, run.variableValues)[source.argument];
      byArgument.push({ responseKey: source.responseKey, key });
      if (key !== null && key !== undefined) add(key);
    }
  }
  // Before any call: a caller the operation's policies deny causes none.
  const denied = run.runtime.authorizeCall(run.schema, run.context, fetch.call.target.fieldName);
  if (denied) {
    for (const key of keys) output.byKey.set(String(key), denied);
    // Root-field batching must not narrow what a caller may read: each root field answers for itself.
    await Promise.all(
      fetch.keys.map(async (source) => {
        if (source.kind !== 'argument') return;
        const info = run.info(source.field, source.nodes, run.plan.rootType, source.responseKey);
        const value = await source.operation.callFromRequest(run.context, info).catch((error: unknown) => error);
        output.byResponseKey.set(source.responseKey, value);
      }),
    );
    return output;
  }
  if (keys.length > 0) {
    const backend = fetch.document ? documentBackend(run, fetch) : localBackend(fetch.call, run.context as object, run.info(undefined, [], run.plan.rootType, fetch.call.target.fieldName));
    const size = fetch.call.target.batch ? fetch.call.maxBatchSize : keys.length;
    const chunks: unknown[][] = [];
    for (let index = 0; index < keys.length; index += size) chunks.push(keys.slice(index, index + size));
    const answers = await Promise.all(chunks.map((chunk) => callKeys(fetch.call, run.runtime, chunk, backend).then(withoutPaths)));
    chunks.forEach((chunk, index) => chunk.forEach((key, position) => output.byKey.set(String(key), answers[index]![position])));
  }
  for (const { responseKey, key } of byArgument) output.byResponseKey.set(responseKey, key === null || key === undefined ? null : output.byKey.get(String(key)));
  return output;
}

/** Calls a GraphQL source with the keyed fetch's document, reading items under `_plexusItems`. */
function documentBackend(run: RequestRun, fetch: KeyedFetch): Backend {
  const { target } = fetch.call;
  const returnType = run.schema.getQueryType()!.getFields()[target.fieldName]!.type;
  const variables = pick(run.rawVariables, fetch.variables);
  return {
    invoke: async (argument) => {
      const result = await execute(fetch.view!.subschema.executor!, {
        document: fetch.document!,
        variables: { ...variables, [KEYS_VARIABLE]: argument },
        operationType: 'query' as never,
        context: run.context,
      }).catch((error: unknown) => ({ errors: [error as GraphQLError] }) as ExecutionResult);
      const data: Record<string, unknown> = { ...(result.data ?? {}) };
      let failure: GraphQLError | undefined;
      for (const error of result.errors ?? []) if (!error.path?.length || !placeError(data, error)) failure ??= error;
      const items = data[ITEMS_ALIAS];
      if ((items === null || items === undefined) && failure) return failure;
      return nullMeansError(target, returnType, items ?? null);
    },
    items: (result) => {
      const raw = target.results ? valueAt(result, target.results) : result;
      return Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
    },
    keyOf: (item, matchOn) => valueAt(item[KEY_ALIAS], matchOn.slice(1)),
  };
}

async function execute(executor: Executor, request: ExecutionRequest): Promise<ExecutionResult> {
  const result = await executor(request);
  if (isAsyncIterable(result)) return { errors: [new GraphQLError('a source answered a stream where one result was expected')] };
  return result as ExecutionResult;
}

function pick(values: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in values) picked[name] = values[name];
  return picked;
}

/**
 * Puts an error the service located at `path` in place of the value it nulled, copying the
 * objects on the way so that nothing another request holds is changed. Errors then surface where
 * the client's field is, like any other field error. Returns false when the path leads nowhere.
 */
function placeError(data: Record<string, unknown>, error: GraphQLError): boolean {
  const path = error.path!;
  let parent: Record<string | number, unknown> = data;
  for (let index = 0; index < path.length - 1; index++) {
    const next = parent[path[index]!];
    if (next === null || typeof next !== 'object' || next instanceof Error) return false;
    const copy = (Array.isArray(next) ? [...next] : { ...next }) as Record<string | number, unknown>;
    parent[path[index]!] = copy;
    parent = copy;
  }
  const last = path[path.length - 1]!;
  if (parent[last] !== null && parent[last] !== undefined) return false;
  parent[last] = new GraphQLError(error.message, { extensions: error.extensions, ...(error.originalError && { originalError: error.originalError }) });
  return true;
}

export type { GraphQLResolveInfo, GraphQLSchema, LinkRuntime };
