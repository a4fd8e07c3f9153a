import type { Context, Tracer } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';

/**
 * What one GraphQL request carries while it runs: made once per request by `useRequestId` (the
 * first plugin), kept on the request's context under `plexus`, read by every later plugin and by
 * every call to a service. A batched HTTP request gives each of its operations a state of its own,
 * which starts with the request's id, identity and trace scope. Nothing here outlives the request
 * or is shared with another one.
 *
 * This module holds types and plain functions only, so that every layer may import it.
 */
export interface RequestState {
  /** The id of the HTTP request (`x-request-id`): the same for every operation of a batch. */
  readonly requestId: string;
  /** The caller's verified token; absent for anonymous requests (set by `useAuth`). */
  identity?: Identity;
  /** The transport itself ends the request's streams when the token expires (WebSocket), rather than `useTokenExpiry`. */
  expiryFollowed?: boolean;
  /** Upstream calls made for the request, for its log line and the per-request histogram. */
  readonly stats: RequestStats;
  /** Idempotent upstream calls in flight or done, by a key naming the call exactly (upstream/dedupe.ts). */
  readonly calls: Map<string, Promise<unknown>>;
  /** What the services' caching headers said about the fields the request read (cache/upstream-hints.ts). */
  readonly hints: UpstreamHint[];
  /** Where the request's spans go: the request span, then the operation's; absent when tracing is off. */
  traceScope?: TraceScope;
  /** Upstream answer bytes the request holds against the gateway's budget (upstream/byte-budget.ts). */
  heldBytes?: HeldBytes;
  /** The standard executor's link loaders, by keyed call and selection (links/keyed-call.ts). */
  loaders?: Map<object, Map<string, unknown>>;
  /** The request's variables as each local source's schema reads them (sources/local-operations.ts). */
  localVariables?: Map<GraphQLSchema, { from: object; values: Record<string, unknown> }>;
}

/** A GraphQL context that carries a request state. */
export interface PlexusContext {
  plexus: RequestState;
}

/** Who is calling: set by the auth plugin for a verified token, absent for anonymous requests. */
export interface Identity {
  /** The token's `sub` claim. */
  subject?: string;
  /** Every verified claim of the token. */
  claims: Readonly<Record<string, unknown>>;
  /** From the `scope` (space-separated) or `scp` (list) claim. */
  scopes: ReadonlySet<string>;
}

/** Upstream calls made on behalf of one GraphQL request, for logs and the per-request histogram. */
export interface RequestStats {
  upstreamCalls: number;
  bySource: Map<string, number>;
}

/** What a service's own caching headers said about one field's data. */
export interface UpstreamHint {
  /** `Type.field` of the field whose resolver made the call. */
  coordinate: string;
  /** How long the answer may be reused, in milliseconds; 0 for `no-store`, `no-cache`, `private`. */
  ttl: number;
}

/** Where new spans of a request go: the gateway's tracer and the span to parent them on. */
export interface TraceScope {
  tracer: Tracer;
  /** An OpenTelemetry context holding the parent span. */
  parent: Context;
}

/** Bytes held against one budget: `budget` tells the gateway's budget from another one. */
export interface HeldBytes {
  readonly budget: object;
  bytes: number;
}

/** A fresh state for a request with this id. */
export function createRequestState(requestId: string): RequestState {
  return { requestId, stats: { upstreamCalls: 0, bySource: new Map() }, calls: new Map(), hints: [] };
}

/** Makes `state` the state of the request `context` serves. */
export function attachRequestState(context: object, state: RequestState): void {
  (context as PlexusContext).plexus = state;
}

/**
 * Gives the context of one operation of a batched request a state of its own: yoga makes that
 * context from the server context (its prototype), so it would otherwise share the request's. The
 * operation keeps the request's id, identity and trace scope, and has its own calls, counts, hints
 * and held bytes (each operation is answered and cached alone). A context with a state of its own
 * (a request of one operation runs on the server context itself) is left as it is.
 */
export function separateOperationState(context: object): void {
  const request = requestStateOf(context);
  if (!request || Object.hasOwn(context, 'plexus')) return;
  attachRequestState(context, {
    ...createRequestState(request.requestId),
    ...(request.identity && { identity: request.identity }),
    ...(request.traceScope && { traceScope: request.traceScope }),
  });
}

/** The request state a GraphQL context carries; undefined for anything that is not a gateway request (a probe, compose). */
export function requestStateOf(context: unknown): RequestState | undefined {
  return context !== null && typeof context === 'object' ? (context as Partial<PlexusContext>).plexus : undefined;
}
