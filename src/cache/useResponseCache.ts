import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { getOperationAST, print, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Counter } from 'prom-client';
import { useResponseCache as useEnvelopResponseCache, type Cache } from '@envelop/response-cache';
import type { Plugin as EnvelopPlugin } from '@envelop/core';
import { explicitTtlFields } from './cache-hints.js';
import { responseCacheKey, schemaHash } from './cache-key.js';
import { cacheControlFor, clientHasCurrent, etagOf, notModified } from './http-caching.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import { createSharingReader, sharingKey } from './sharing.js';
import { createStoreGuard } from './store-guard.js';
import { upstreamHints } from './upstream-hints.js';
import type { CacheConfig } from './config.js';
import type { Logger } from '../logger.js';
import { redisBudgetOf } from '../redis/budget.js';
import { carriesPlan } from '../execution/plan/plan-extension.js';
import type { PlexusContext } from '../request-state.js';

export interface ResponseCacheOptions {
  /** The resolved `cache` section of gateway.yaml. */
  config: CacheConfig;
  /** Where responses live (memory or Redis). */
  store: ResponseStore;
  logger: Logger;
  /** `plexus_response_cache_hits_total`, `plexus_response_cache_misses_total`, `plexus_response_cache_store_errors_total`. */
  hits: Counter;
  misses: Counter;
  storeErrors: Counter;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** What is derived from one schema: the library instance reading it, fields with a TTL of their own, its hash. */
interface SchemaState {
  library: EnvelopPlugin<YogaInitialContext>;
  explicit: Set<string>;
  hash: string;
}

/** What the cache did for the operation of a request, for its HTTP headers. */
type Outcome = { kind: 'uncacheable' } | { kind: 'cached'; response: StoredResponse; shared: boolean };

// Handed to the library as its global TTL, so that `onTtl` can tell "no type or field had a TTL" apart.
const NO_HINT = Number.MAX_SAFE_INTEGER;

/**
 * The response cache (@envelop/response-cache with a Plexus store). It works where execution
 * starts, so a cached answer is only given to a request that authentication, query limits and the
 * rate limit (plugins before this one) let through, and the rate limit still charges it. Who may
 * share an answer comes from the document (see cache/sharing.ts). Cacheable answers get `ETag` and
 * `Cache-Control`; a matching `If-None-Match` gets 304 once the request passed every check.
 */
export function useResponseCache({ config, store, logger, hits, misses, storeErrors, now = Date.now }: ResponseCacheOptions): Plugin<PlexusContext> {
  const readSharing = createSharingReader();
  const attempt = createStoreGuard({ logger, storeErrors });
  // By GraphQL context: the sharing key of a query that may be cached (null: shared by anyone).
  const sessions = new WeakMap<object, string | null>();
  const mutations = new WeakSet<object>();
  // By GraphQL context: the operation's name, kept with its cached answer for the request log of a hit.
  const operationNames = new WeakMap<object, string>();
  // By request: a batched request runs several operations, and then gets no caching headers.
  const outcomes = new WeakMap<Request, { context: object; outcome: Outcome } | 'batch'>();
  const pendingWrites = new WeakMap<Request, Promise<unknown>[]>();
  // By GraphQL context: the schema its operation runs on. After a schema swap, requests still
  // running on the old schema keep its TTLs and its key space.
  const schemas = new WeakMap<object, GraphQLSchema>();
  const bySchema = new WeakMap<GraphQLSchema, SchemaState>();

  const requestOf = (context: object) => (context as { request?: Request }).request;
  const record = (context: object, outcome: Outcome) => {
    const request = requestOf(context);
    if (!request) return;
    const previous = outcomes.get(request);
    outcomes.set(request, previous === undefined || (previous !== 'batch' && previous.context === context) ? { context, outcome } : 'batch');
  };
  const track = (context: object, write: unknown) => {
    const request = requestOf(context);
    if (!request || !(write instanceof Promise)) return;
    pendingWrites.set(request, [...(pendingWrites.get(request) ?? []), write]);
  };

  // One view of the store per request, so hits, misses and writes are known per request.
  const viewFor = (context: object): Cache => ({
    get(key) {
      const found = attempt('get', () => store.get(key, redisBudgetOf(context)), undefined);
      const settle = (response: StoredResponse | undefined) => {
        if (!response) {
          misses.inc();
          return undefined;
        }
        hits.inc();
        record(context, { kind: 'cached', response, shared: sessions.get(context) === null });
        return response.result;
      };
      return found instanceof Promise ? found.then(settle) : settle(found);
    },
    set(key, result, entities, ttl) {
      const body = JSON.stringify(result);
      const operationName = operationNames.get(context);
      const response: StoredResponse = { result, etag: etagOf(body), storedAt: now(), ttl, ...(operationName !== undefined && { operationName }) };
      record(context, { kind: 'cached', response, shared: sessions.get(context) === null });
      track(
        context,
        attempt('set', () => store.set(key, response, [...entities], body, redisBudgetOf(context)), undefined),
      );
    },
    invalidate(entities) {
      track(
        context,
        attempt('invalidate', () => store.invalidate([...entities], redisBudgetOf(context)), undefined),
      );
    },
  });

  const ttlFor = ({ ttl, context }: { ttl: number; context: object }) => {
    const fromTypesAndFields = ttl === NO_HINT ? undefined : ttl;
    // An upstream's Cache-Control counts as its field's TTL, unless config or schema set that field's TTL.
    const explicit = stateOf(context)?.explicit;
    const fromUpstream = upstreamHints(context).filter((hint) => !explicit?.has(hint.coordinate));
    if (fromUpstream.length === 0) return fromTypesAndFields ?? config.ttl;
    const upstream = Math.min(...fromUpstream.map((hint) => hint.ttl));
    return fromTypesAndFields === undefined ? upstream : Math.min(fromTypesAndFields, upstream);
  };

  // ETag, Cache-Control and 304, from what the cache did for the request's operation.
  const describeResponse = ({ request, response, setResponse, fetchAPI }: Parameters<NonNullable<Plugin['onResponse']>>[0]) => {
    const state = outcomes.get(request);
    if (state === undefined || state === 'batch' || response.status !== 200) return;
    const { outcome } = state;
    if (outcome.kind === 'uncacheable') {
      response.headers.set('cache-control', 'no-store');
      return;
    }
    response.headers.set('etag', outcome.response.etag);
    response.headers.set('cache-control', cacheControlFor(outcome.response, outcome.shared, now()));
    if (clientHasCurrent(request, outcome.response.etag)) setResponse(notModified(response, fetchAPI.Response));
  };

  // One instance of the library per schema: it reads TTLs, scopes and id fields from the schema it
  // was handed last, so sharing one across a schema swap would mix the two schemas.
  const libraryFor = (schema: GraphQLSchema): SchemaState => {
    const known = bySchema.get(schema);
    if (known) return known;
    const library = useEnvelopResponseCache<YogaInitialContext>({
      cache: viewFor,
      ttl: NO_HINT,
      onTtl: ttlFor,
      session: (context) => sessions.get(context) ?? null,
      // Mutations reach the library too: they are never cached, but they invalidate.
      enabled: (context) => sessions.has(context) || mutations.has(context),
      idFields: config.idFields,
      includeExtensionMetadata: config.includeExtensionMetadata,
      // A result carrying its plan (`x-plexus-plan`) answers its own request only.
      shouldCacheResult: ({ result }) => !result.errors?.length && !carriesPlan(result),
      getDocumentString: documentString,
      buildResponseCacheKey: ({ documentString: text, operationName, variableValues, sessionId, context }) =>
        responseCacheKey(stateOf(context as object)?.hash ?? '', text, operationName, variableValues, sessionId),
    });
    library.onSchemaChange?.({ schema, replaceSchema: () => {} });
    const state = { library, explicit: explicitTtlFields(schema), hash: schemaHash(schema) };
    bySchema.set(schema, state);
    return state;
  };
  const stateOf = (context: object): SchemaState | undefined => {
    const schema = schemas.get(context);
    return schema && bySchema.get(schema);
  };

  return {
    onExecute(payload) {
      const { args } = payload;
      const context = args.contextValue;
      const definition = getOperationAST(args.document, args.operationName);
      const operation = definition?.operation;
      const name = definition?.name?.value ?? args.operationName;
      if (name) operationNames.set(context, name);
      record(context, { kind: 'uncacheable' });
      schemas.set(context, args.schema);
      if (operation === 'mutation') mutations.add(context);
      if (operation === 'query') {
        const key = sharingKey(readSharing(args.schema, args.document), context.plexus.identity);
        if (key !== undefined) sessions.set(context, key);
      }
      return libraryFor(args.schema).library.onExecute?.(payload as Parameters<NonNullable<EnvelopPlugin<YogaInitialContext>['onExecute']>>[0]);
    },
    onResponse(payload) {
      const writes = pendingWrites.get(payload.request);
      // A mutation's invalidation, or a new entry, is in the store before its client hears back.
      if (writes) return Promise.all(writes).then(() => describeResponse(payload));
      describeResponse(payload);
    },
  };
}

/** The text the client sent (yoga keeps it on the context): no printing on the hot path. */
function documentString(args: ExecutionArgs): string {
  const params = (args.contextValue as { params?: { query?: unknown } }).params;
  return typeof params?.query === 'string' ? params.query : print(args.document);
}
