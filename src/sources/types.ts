import type { GraphQLSchema } from 'graphql';
import type { Executor } from '@graphql-tools/utils';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { BaseSourceConfig } from '../config/source-config.js';
import type { Problem } from '../config/problems.js';
import type { UpstreamMetrics } from '../upstream/metrics.js';

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
  metrics: UpstreamMetrics;
  logger: Logger;
}

/** What a source kind produces: a subschema (types + executor) and a way to check the service. */
export interface LoadedSource {
  name: string;
  kind: string;
  /** The schema in the source's own names, before any prefix. */
  schema: GraphQLSchema;
  /** Runs an operation of `schema` against the service. */
  executor: Executor;
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
