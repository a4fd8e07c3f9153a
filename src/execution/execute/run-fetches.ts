import type { ExecutionResult, GraphQLError } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { callKeys, localBackend, withoutPaths } from '../../links/keyed-call.js';
import type { DocumentRootFetch, EventFetch, Fetch, KeyedFetch, LocalRootFetch } from '../plan/query-plan.js';
import { documentBackend, placeError } from './document-backend.js';
import { execute } from './execute-request.js';
import { parentsAt } from './parents.js';
import { keyId, parentKey } from './read-field.js';
import { startFetchSpan } from '../../observability/fetch-span.js';
import type { KeyedOutput, RequestRun } from './request-run.js';
import { runComputed } from './run-computed.js';

/** Runs every fetch of the plan, each once the fetches it waits for are done. Never rejects: a failure is the fetch's output. */
export async function runFetches(run: RequestRun): Promise<void> {
  await Promise.all(startFetches(run));
}

/** Starts every fetch of the plan as `runFetches` does; each promise settles when that fetch is done (incremental delivery waits for some only). */
export function startFetches(run: RequestRun): Array<Promise<void>> {
  const { fetches } = run.plan;
  const done: Array<Promise<void> | undefined> = new Array(fetches.length);
  const start = (fetch: Fetch): Promise<void> => {
    let promise = done[fetch.id];
    if (!promise) {
      const waits = fetch.dependsOn.map((id) => start(fetches[id]!));
      promise = (waits.length ? Promise.all(waits) : Promise.resolve()).then(() => runFetch(run, fetch as Exclude<Fetch, EventFetch>));
      done[fetch.id] = promise;
    }
    return promise;
  };
  // The event of a subscription is given: its output is set before the run.
  for (const fetch of fetches) if (isStreamRoot(fetch)) done[fetch.id] = Promise.resolve();
  return fetches.map(start);
}

async function runFetch(run: RequestRun, fetch: Exclude<Fetch, EventFetch>): Promise<void> {
  const span = startFetchSpan(run.context, () => ({
    'plexus.source': fetch.source,
    'plexus.operation': operationOf(fetch),
    'plexus.fetch.kind': fetch.kind,
    'plexus.fetch.level': fetch.level,
  }));
  let output: unknown;
  try {
    output =
      fetch.kind === 'localRoot'
        ? await runLocalRoot(run, fetch)
        : fetch.kind === 'documentRoot'
          ? await runDocumentRoot(run, fetch)
          : fetch.kind === 'computed'
            ? await runComputed(run, fetch)
            : await runKeyed(run, fetch);
  } catch (error) {
    output = error instanceof Error ? error : new Error(String(error));
  }
  run.outputs[fetch.id] = output;
  if (span) {
    const keys = fetch.kind === 'keyed' ? { 'plexus.fetch.keys': (output as KeyedOutput).byKey?.size ?? 0 } : undefined;
    span.end(keys, output instanceof Error ? String((output as { extensions?: { code?: unknown } }).extensions?.code ?? 'error') : undefined);
  }
}

/** The operation a fetch calls, as spans and plan descriptions name it. */
function operationOf(fetch: Fetch): string {
  if (fetch.kind === 'localRoot' || fetch.kind === 'event') return fetch.field.name;
  if (fetch.kind === 'documentRoot') return fetch.responseKeys.join(',');
  if (fetch.kind === 'computed') return fetch.computed.id;
  return fetch.call.target.fieldName;
}

function runLocalRoot(run: RequestRun, fetch: LocalRootFetch): Promise<unknown> {
  return fetch.operation.callFromRequest(run.context, run.info(fetch.field, fetch.nodes, fetch.rootType, fetch.responseKey));
}

/** The fetch whose output is each event of a subscription: a source's stream, or a GraphQL source's subscription document. */
export function isStreamRoot(fetch: Fetch): fetch is EventFetch | DocumentRootFetch {
  return fetch.kind === 'event' || (fetch.kind === 'documentRoot' && fetch.operationType === 'subscription');
}

async function runDocumentRoot(run: RequestRun, fetch: DocumentRootFetch): Promise<unknown> {
  const result = await execute(fetch.view.subschema.executor!, {
    document: fetch.document,
    variables: run.sourceVariables(fetch.variables),
    operationType: fetch.operationType,
    context: run.context,
  });
  return documentOutput(fetch, result);
}

/** A root document's answer (or one event of a subscription document) as the fetch's output: each root field's value or error. */
export function documentOutput(fetch: DocumentRootFetch, result: ExecutionResult): Record<string, unknown> {
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
    const id = keyId(key);
    if (!seen.has(id)) {
      seen.add(id);
      keys.push(key);
    }
  };
  const byArgument: Array<{ responseKey: string; key: unknown }> = [];
  for (const source of fetch.keys) {
    if (source.kind === 'parents') {
      for (const parent of parentsAt(run, source)) {
        const key = parentKey(run, source, parent);
        if (key !== null && key !== undefined && !(key instanceof Error)) add(key);
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
    for (const key of keys) output.byKey.set(keyId(key), denied);
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
    const backend = fetch.document
      ? documentBackend(run, fetch)
      : localBackend(fetch.call, run.context as object, run.info(undefined, [], run.plan.rootType, fetch.call.target.fieldName));
    const size = fetch.call.target.batch ? fetch.call.maxBatchSize : keys.length;
    const chunks: unknown[][] = [];
    for (let index = 0; index < keys.length; index += size) chunks.push(keys.slice(index, index + size));
    const answers = await Promise.all(chunks.map((chunk) => callKeys(fetch.call, run.runtime, chunk, backend).then(withoutPaths)));
    chunks.forEach((chunk, index) => chunk.forEach((key, position) => output.byKey.set(keyId(key), answers[index]![position])));
  }
  for (const { responseKey, key } of byArgument)
    output.byResponseKey.set(responseKey, key === null || key === undefined ? null : output.byKey.get(String(key)));
  return output;
}
