import type { Plugin } from 'graphql-yoga';
import type { GraphQLResolveInfo } from 'graphql';
import type { Identity } from '../request-state.js';
import type { OnUpstreamCall } from '../upstream/upstream-hook.js';

// The types a project's own plugins and resolvers are written against (exported by src/index.ts).

/**
 * A plugin of the project's own: a graphql-yoga (or envelop) plugin object, every hook optional,
 * plus `onUpstreamCall`, which sees every call a source makes to its service.
 */
export type PlexusPlugin<Context extends Record<string, unknown> = Record<string, unknown>> = Plugin<Context> & {
  onUpstreamCall?: OnUpstreamCall;
};

/** A default export that makes the plugin from the `options` given in gateway.yaml (may be async). */
export type PlexusPluginFactory<Options = unknown> = (options: Options) => PlexusPlugin | Promise<PlexusPlugin>;

/** What a module listed under `plugins:` exports as default. */
export type PlexusPluginModule = PlexusPlugin | PlexusPluginFactory;

/** Options of `ResolverContext.load`. */
export interface LoadOptions {
  /** Each key yields a list of items (one-to-many, e.g. a user's orders) rather than one item. Default false. */
  many?: boolean;
}

/** Options of `ResolverContext.call`. */
export interface CallOptions {
  /** For a GraphQL source: the fields to fetch of what the operation returns, e.g. `"id name price"`. */
  selection?: string;
}

/**
 * What a computed field's resolver is given besides its parent: calls to the sources' operations,
 * through the same path as links (batching, deadlines, retries, circuit breaker, metrics, spans).
 */
export interface ResolverContext {
  /** The request id (`x-request-id`) of the request being answered. */
  readonly requestId: string | undefined;
  /** The caller's verified token, when the request carried one. */
  readonly identity: Identity | undefined;
  /**
   * Calls an operation of any source (its root field name, or operationId / RPC name) with
   * arguments in JSON form. Identical calls of one request share one upstream call. Resolves to
   * the operation's answer as plain JSON-like data. A GraphQL source answers the fields that
   * `options.selection` names (required when the field returns an object).
   */
  call<Result = unknown>(source: string, operation: string, args?: Record<string, unknown>, options?: CallOptions): Promise<Result>;
  /**
   * Fetches by key: the keys asked for while one plan level's parents are resolved go out as one
   * call of a batch operation (one taking a list of keys, split by 500), or one call per distinct
   * key otherwise. Resolves to the item for the key (null when there is none), or with
   * `{ many: true }` to every item matching it.
   */
  load<Result = unknown>(source: string, operation: string, key: unknown, options?: LoadOptions): Promise<Result>;
  /** The GraphQL request's own context, for what plugins put on it. */
  readonly graphql: Record<string, unknown>;
}

/**
 * A computed field's resolver: a named export of a module listed under `resolvers:`. `parent`
 * holds the fields the declaration `requires`; `args` the field's arguments.
 */
export type ComputedFieldResolver<Parent = Record<string, unknown>, Args = Record<string, unknown>, Result = unknown> = (
  parent: Parent,
  args: Args,
  context: ResolverContext,
) => Result | Promise<Result>;

/** Where a resolver runs, passed on to the sources it calls. */
export type ResolveInfo = GraphQLResolveInfo;
