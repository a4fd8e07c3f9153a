import type { GraphQLSchema } from 'graphql';
import type { Executor } from '@graphql-tools/utils';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { BaseSourceConfig } from '../config/source-config.js';
import type { Problem } from '../config/problems.js';
import type { CallPath } from '../upstream/call-path.js';
import type { ByteBudget } from '../upstream/byte-budget.js';

/**
 * Why a source is being loaded. `compose` builds types only: a source whose schema file is in its
 * folder is never contacted, and no connection pool is opened.
 */
export type LoadMode = 'serve' | 'compose';

export interface SourceContext<Config extends BaseSourceConfig = BaseSourceConfig> {
  /** The folder name, used in metrics, errors and logs. */
  name: string;
  /** Absolute path of the source folder. */
  dir: string;
  /** The folder as users see it (relative to the working directory), for messages. */
  displayDir: string;
  config: Config;
  mode: LoadMode;
  logger: Logger;
  /**
   * The source's one way to its service: every call it makes for a GraphQL request goes through
   * it (call counts, spans, metrics, `onUpstreamCall` hooks, and the retry policy, circuit
   * breaker and concurrency cap of the common `source.yaml` keys). A kind sends; the path does the rest.
   */
  upstream: CallPath;
  /** The gateway's budget of upstream answer bytes held at once, shared by every source. Default: none. */
  byteBudget?: ByteBudget;
}

/** A root field of a source, under the name its service gives the operation. Links refer to either name. */
export interface SourceOperation {
  /** The service's name: an OpenAPI operationId, an RPC name, a GraphQL root field. */
  name: string;
  rootType: 'Query' | 'Mutation' | 'Subscription';
  /** The root field in the source's schema (before any prefix). */
  field: string;
  /**
   * Declared where the service is described (`x-plexus-batch` on an OpenAPI operation, the
   * `(plexus.batch)` option on an RPC): the operation takes many keys at once.
   */
  batch?: {
    /** The argument that carries the list of keys. */
    argument: string;
    /** The field of each returned item that holds its key, to match results back. */
    key: string;
  };
}

/**
 * A type the service resolves by key through `_entities(representations:)` (an Apollo Federation
 * subgraph): the gateway fetches the fields this source has of it for parents from any source.
 */
export interface SourceEntity {
  typeName: string;
  /** Each resolvable `@key`'s field set, in declaration order, e.g. `id`, `sku package`, `id org { id }`. */
  keys: string[];
  /** Fields that need other fields of the entity sent in the representation (`@requires`), with that field set. */
  requires: Record<string, string>;
  /** Fields this source took over from another source (`@override(from:)`), with that source's name. */
  overrides: Record<string, string>;
  /** Most representations per `_entities` call. */
  maxBatchSize: number;
}

/** What a source kind produces: a subschema (types + executor) and a way to check the service. */
export interface LoadedSource {
  name: string;
  kind: string;
  /** The schema in the source's own names, before any prefix. */
  schema: GraphQLSchema;
  /** Runs an operation of `schema` against the service. */
  executor: Executor;
  /** Every root field with its upstream operation name. */
  operations: SourceOperation[];
  /**
   * The root resolvers of `schema` call the service using nothing but their arguments and the
   * request context, so the gateway may call them directly instead of executing `schema` (REST, gRPC).
   */
  local?: boolean;
  /**
   * With `local`: the root resolvers already answer in serialized form (enum names, scalar output
   * values, the GraphQL field names), with no field resolvers below them, so their results need
   * no serialization pass.
   */
  serializedResults?: boolean;
  /**
   * With `local`: how to execute another schema built over the same resolvers (the source's
   * schema with renamed types and fields). Default: graphql-tools' default executor.
   */
  executorFor?(schema: GraphQLSchema): Executor;
  /** Types the service resolves by key through `_entities` (federation subgraphs); their fields join one gateway type. */
  entities?: SourceEntity[];
  /** Let stitching merge the root fields of one request into one upstream operation. */
  batch: boolean;
  /** Things that were skipped or guessed while mapping the source; shown by `plexus check`. */
  warnings: Problem[];
  /** Resolves when the service answers; rejects with the reason otherwise. */
  probe(signal: AbortSignal): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** A source kind turns one source folder into a subschema. Adding a kind touches no other kind. */
export interface SourceKind<Schema extends z.ZodType<BaseSourceConfig> = z.ZodType<BaseSourceConfig>> {
  kind: string;
  /** Validates the whole `source.yaml` of this kind (common keys plus its own). */
  configSchema: Schema;
  /**
   * Declared as a method, not a function-typed property, on purpose: method parameters are
   * bivariant, so a kind with its own narrower config is a plain `SourceKind` in the registry
   * without a cast. The registry only ever calls it with what this kind's `configSchema` parsed.
   */
  load(context: SourceContext<z.output<Schema>>): Promise<LoadedSource>;
}

/** Thrown by a kind when the folder cannot be turned into a schema; names the file and line. */
export class SourceLoadError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems.map((problem) => problem.message).join('; '));
    this.name = 'SourceLoadError';
    this.problems = problems;
  }
}
