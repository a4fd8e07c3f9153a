import type { GraphQLField, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import type { SourceEntry } from './registry.js';

// What composition, links and execution share about a loaded source, so that none of them
// imports another for it.

/** A source as the gateway sees it: its subschema and its schema with any prefix applied. */
export interface SourceView {
  entry: SourceEntry;
  subschema: SubschemaConfig;
  visible: GraphQLSchema;
  /** The gateway name of one of the source's root fields. */
  gatewayFieldName(field: string): string;
  /** Root fields (gateway names) that can be called without delegation; set once merges are known. */
  locals?: ReadonlyMap<string, LocalOperation>;
  /** Subscription fields (gateway names) whose events can be read without delegation; set with `locals`. */
  streams?: ReadonlyMap<string, LocalStream>;
}

/**
 * A subscription field of a source whose resolvers call the service themselves (gRPC server
 * streams): its events, resolved by the source, are whole serialized objects like the answers of
 * a local operation.
 */
export interface LocalStream {
  field: GraphQLField<unknown, unknown>;
  /** Opens the stream with the arguments of a gateway subscription field, read from the request. */
  subscribeFromRequest(context: unknown, info: GraphQLResolveInfo): Promise<unknown>;
  /** One event's value, in serialized form. */
  resolve(payload: unknown, context: unknown, info: GraphQLResolveInfo): Promise<unknown>;
}

/**
 * A root field of a source whose resolvers call the service themselves (REST, gRPC), called
 * without delegation: the resolver runs with the arguments in the source's own form and its
 * result is serialized whole, so the gateway reads the selected fields straight from it instead
 * of executing the source's schema a second time.
 */
export interface LocalOperation {
  field: GraphQLField<unknown, unknown>;
  /** Calls with arguments in JSON form (keys from parent objects, literal values). */
  callWithJson(args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo): Promise<unknown>;
  /** Calls with the arguments of a gateway root field, read from the request. */
  callFromRequest(context: unknown, info: GraphQLResolveInfo): Promise<unknown>;
}
