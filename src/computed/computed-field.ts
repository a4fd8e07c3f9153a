import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { Logger } from '../logger.js';
import { plexusError } from '../errors.js';
import { userFacingError } from '../extensions/user-errors.js';
import { requestStateOf } from '../request-state.js';
import type { ComputedFieldResolver, ResolverContext } from '../extensions/types.js';
import type { OperationCaller } from './operations.js';

/** A field computed by a resolver of the project's own, as validated from `@resolveWith`. */
export interface ComputedField {
  /** `Type.field`. */
  id: string;
  /** Parent fields the resolver reads; the planner fetches them with the parents. */
  requires: readonly string[];
  resolver: string;
  /** The module exporting the resolver, for logs; undefined where resolvers were not loaded (`plexus compose`). */
  module: string | undefined;
  /**
   * Runs the resolver for one parent (already narrowed to the required fields). Resolves with its
   * value; rejects with a GraphQLError: the resolver's own when it has a code, else
   * INTERNAL_SERVER_ERROR, the original logged with the module and field.
   */
  invoke(parent: Record<string, unknown>, args: Record<string, unknown>, context: object, info: GraphQLResolveInfo): Promise<unknown>;
}

export interface ComputedFieldInput {
  id: string;
  requires: readonly string[];
  resolver: string;
  found: { resolve: ComputedFieldResolver; module: string } | undefined;
  operations: OperationCaller;
  logger: Logger;
}

export function computedField(input: ComputedFieldInput): ComputedField {
  const { id, found, logger } = input;
  const fail = (error: unknown, context: object): never => {
    const meant = userFacingError(error);
    if (meant) throw meant;
    const requestId = requestStateOf(context)?.requestId;
    logger.error({ err: error, module: found?.module, field: id, ...(requestId !== undefined && { requestId }) }, 'resolver failed (masked in the response)');
    throw plexusError('INTERNAL_SERVER_ERROR', 'Unexpected error.');
  };
  return {
    id,
    requires: input.requires,
    resolver: input.resolver,
    module: found?.module,
    invoke(parent, args, context, info) {
      if (!found) return Promise.reject(plexusError('INTERNAL_SERVER_ERROR', `No resolver "${input.resolver}" is loaded.`));
      // Through then(): a resolver that throws before returning a promise is caught the same way.
      return Promise.resolve()
        .then(() => found.resolve(parent, args, resolverContext(input.operations, context, info)))
        .then(
          (value) => (value === undefined ? null : value),
          (error: unknown) => fail(error, context),
        );
    },
  };
}

/** The standard executor's resolver (execution.planner: false, and operations the planner leaves to it). */
export function computedResolver(field: ComputedField): GraphQLFieldResolver<Record<string, unknown> | null, object> {
  return (parent, args, context, info) =>
    field.invoke(
      pick(parent ?? {}, field.requires, (name) => name),
      args,
      context,
      info,
    );
}

/** The parent as a resolver sees it: only the fields the declaration requires, by their names. */
export function pick(parent: Record<string, unknown>, requires: readonly string[], propOf: (name: string) => string): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of requires) picked[name] = parent[propOf(name)] ?? null;
  return picked;
}

function resolverContext(operations: OperationCaller, context: object, info: GraphQLResolveInfo): ResolverContext {
  const state = requestStateOf(context);
  return {
    requestId: state?.requestId,
    identity: state?.identity,
    graphql: context as Record<string, unknown>,
    call: (source, operation, args = {}, options = {}) => operations.call(source, operation, args, options.selection, context, info) as Promise<never>,
    load: (source, operation, key, options = {}) => operations.load(source, operation, key, options.many === true, context, info) as Promise<never>,
  };
}
