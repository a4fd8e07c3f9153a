import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Env } from '../config/interpolate.js';
import { ConfigurationError, type Problem } from '../config/problems.js';
import { createLogger, type Logger } from '../logger.js';
import { loadSources, type SourceEntry } from '../sources/registry.js';
import { displayPathOf, graphqlProblem } from '../sources/sdl-files.js';
import type { LoadMode, SourceKind } from '../sources/types.js';
import { noUpstreamMetrics, type UpstreamMetrics } from '../upstream/metrics.js';
import { applyAnnotations, collectAnnotations } from './annotations.js';
import { compose } from './compose.js';
import { plexusDirectives } from './directives.js';
import { readSchemaFiles } from './schema-files.js';
import { linkDirectives } from '../links/plan.js';
import { createCallAuthorizer } from '../auth/call-authorization.js';
import type { LinkRuntime } from '../links/runtime.js';
import type { UpstreamHook } from '../upstream/upstream-hook.js';
import type { ByteBudget } from '../upstream/byte-budget.js';
import { withPlanningSchema } from '../execution/plan/planning-schema.js';
import { computedDirective } from '../computed/directive.js';
import { noResolvers, type ResolverSet } from '../computed/resolver-modules.js';

export interface BuildOptions {
  sourcesDir: string;
  schemasDir: string;
  cwd: string;
  env: Env;
  mode: LoadMode;
  metrics: UpstreamMetrics;
  logger: Logger;
  kinds?: Record<string, SourceKind>;
  /** The gateway's budget of upstream answer bytes held at once. Default: none. */
  byteBudget?: ByteBudget;
  /** Observers of every upstream call (the project's plugins' `onUpstreamCall`). Default: none. */
  upstreamHooks?: readonly UpstreamHook[];
  /**
   * The project's resolvers (`resolvers:` of gateway.yaml), loaded once per gateway. Default: none,
   * which serving takes as an empty list, while composing offline leaves resolver names unchecked.
   */
  resolvers?: ResolverSet;
  /** The sources served now: an unchanged source keeps their resilience state (see loadSources). Default none. */
  previousSources?: readonly SourceEntry[];
}

/** A composed gateway schema and the sources behind it; closing it releases their connections. */
export interface BuiltSchema {
  schema: GraphQLSchema;
  sources: SourceEntry[];
  /** Every warning, logged when the schema loads: sourceWarnings, sourceNotes, then linkWarnings. */
  warnings: Problem[];
  /** What was skipped while mapping the sources. */
  sourceWarnings: Problem[];
  /** What is worth knowing about how the sources were composed (shared scalars, sources without queries). */
  sourceNotes: Problem[];
  /** Links that put healthy data at risk (a non-null link field). */
  linkWarnings: Problem[];
  close(): Promise<void>;
}

/** Loads every source and stitches them. Throws ConfigurationError listing every problem found. */
export async function buildSchema(options: BuildOptions): Promise<BuiltSchema> {
  const registry = await loadSources({
    sourcesDir: options.sourcesDir,
    cwd: options.cwd,
    env: options.env,
    mode: options.mode,
    metrics: options.metrics,
    logger: options.logger,
    ...(options.kinds && { kinds: options.kinds }),
    ...(options.byteBudget && { byteBudget: options.byteBudget }),
    ...(options.upstreamHooks && { upstreamHooks: options.upstreamHooks }),
    ...(options.previousSources && { previous: options.previousSources }),
  });
  const close = async () => {
    await Promise.allSettled(registry.sources.map((entry) => entry.loaded.close()));
  };
  if (registry.problems.length > 0) {
    await close();
    throw new ConfigurationError(registry.problems);
  }
  const schemaFiles = await readSchemaFiles(options.schemasDir, options.cwd);
  if (schemaFiles.problems.length > 0) {
    await close();
    throw new ConfigurationError(schemaFiles.problems);
  }
  const runtime: LinkRuntime = { recordBatch: (link, size) => options.metrics.recordBatch?.(link, size), authorizeCall: createCallAuthorizer() };
  const composition = compose(registry.sources, {
    sourcesDisplay: displayPathOf(options.cwd, options.sourcesDir),
    schemaFiles: schemaFiles.files,
    runtime,
    resolvers: options.resolvers ?? (options.mode === 'serve' ? noResolvers : undefined),
    logger: options.logger,
  });
  if (!composition.schema) {
    await close();
    throw new ConfigurationError(composition.problems);
  }
  const directives = [...plexusDirectives, ...linkDirectives, computedDirective];
  const { annotations, problems } = collectAnnotations(schemaFiles.files, composition.schema, directives);
  for (const field of annotations.newFields) {
    problems.push(
      graphqlProblem(
        new GraphQLError(`field ${field.typeName}.${field.node.name.value} is not provided by any source`, { nodes: [field.node.name] }),
        field.file,
      ),
    );
  }
  if (problems.length > 0) {
    await close();
    throw new ConfigurationError(problems);
  }
  // @defer and @stream are the gateway's own: the query planner delivers them incrementally.
  const annotated = applyAnnotations(composition.schema, annotations, [...directives, GraphQLDeferDirective, GraphQLStreamDirective]);
  const schema = composition.planning ? withPlanningSchema(annotated, composition.planning) : annotated;
  const linkWarnings = composition.links?.warnings ?? [];
  return {
    schema,
    sources: registry.sources,
    warnings: [...registry.warnings, ...composition.warnings, ...linkWarnings],
    sourceWarnings: registry.warnings,
    sourceNotes: composition.warnings,
    linkWarnings,
    close,
  };
}

export interface OfflineOptions {
  /** The project's resolvers, to check the names `@resolveWith` uses (`plexus check`). Default: unchecked. */
  resolvers?: ResolverSet;
  sourcesDir: string;
  schemasDir: string;
  cwd: string;
  env: Env;
}

/**
 * Builds the gateway schema the way `compose` and `check` do: offline where schema files allow, no
 * metrics, no logs, connections released before it returns (the schema stays usable for printing).
 */
export async function buildOffline(options: OfflineOptions): Promise<BuiltSchema> {
  const built = await buildSchema({ ...options, mode: 'compose', metrics: noUpstreamMetrics, logger: createLogger({ level: 'silent' }) });
  await built.close();
  return built;
}
