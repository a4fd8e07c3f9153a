import { GraphQLSchema } from 'graphql';
import { stitchSchemas } from '@graphql-tools/stitch';
import { wrapSchema } from '@graphql-tools/wrap';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { resolvePrefix } from '../config/source-config.js';
import type { Problem } from '../config/problems.js';
import type { SourceEntry } from '../sources/registry.js';
import type { SdlFile } from '../sources/sdl-files.js';
import type { SourceView } from '../sources/source-view.js';
import { applyLinkResolvers, planLinks, type LinkPlan } from '../links/plan.js';
import type { LinkRuntime } from '../links/runtime.js';
import { applyRootBatching, batchableRootFields } from '../links/root-batching.js';
import type { PlanningInput } from '../execution/plan/planning-schema.js';
import { markCalls } from '../links/calls.js';
import { locateMergedFieldErrors } from '../links/merged-error-paths.js';
import { noQueryNotes, withQueryRoot } from './query-root.js';
import { applyLocalRootFields } from '../execution/local-root-fields.js';
import { findClashes } from './clashes.js';
import { plexusTypes } from './directives.js';
import { prefixTransforms } from './prefix.js';
import { sharedScalarNotes, withSharedScalars } from './shared-scalars.js';
import { planComputed } from '../computed/plan.js';
import type { ResolverSet } from '../computed/resolver-modules.js';
import { createLogger, type Logger } from '../logger.js';

// Plexus's own types, listed first so a source type with the same name is reported as the clash.
const reservedSchema = new GraphQLSchema({ types: [...plexusTypes] });

export interface ComposeOptions {
  /** The sources folder as users see it, for messages. */
  sourcesDisplay?: string;
  /** Links and policies from `schemas/`. */
  schemaFiles?: readonly SdlFile[];
  runtime: LinkRuntime;
  /** The project's resolvers for `@resolveWith` fields; undefined where they are not loaded (names go unchecked). */
  resolvers?: ResolverSet | undefined;
  /** Where computed fields log their resolvers' failures. Default: silent. */
  logger?: Logger;
}

export interface Composition {
  /** The gateway schema, or undefined when problems prevent composing. */
  schema?: GraphQLSchema;
  /** Each source as the gateway sees it, by source name. */
  views: Map<string, SourceView>;
  links?: LinkPlan;
  /** How the planner reaches each root field and link, set when the schema is. */
  planning?: PlanningInput;
  problems: Problem[];
  /** Not fatal: things worth knowing about how sources were composed. */
  warnings: Problem[];
}

/** Stitches every source and every link into one schema, after checking that no two sources claim the same name. */
export function compose(sources: readonly SourceEntry[], options: ComposeOptions): Composition {
  const sourcesDisplay = options.sourcesDisplay ?? 'sources';
  const views = new Map(sources.map((entry) => [entry.name, viewOf(entry)]));
  if (views.size === 0) {
    return { views, warnings: [], problems: [{ file: sourcesDisplay, message: `no sources found: add a folder with a source.yaml under ${sourcesDisplay}/` }] };
  }
  const links = planLinks(options.schemaFiles ?? [], views, options.runtime);
  const computed = planComputed({
    files: options.schemaFiles ?? [],
    views,
    resolvers: options.resolvers,
    runtime: options.runtime,
    logger: options.logger ?? createLogger({ level: 'silent' }),
  });
  // Put back after stitching like links' resolvers (see applyLinkResolvers).
  for (const [id, resolve] of computed.fieldResolvers) links.fieldResolvers.set(id, resolve);
  const clashes = findClashes(
    [
      { name: 'plexus', file: sourcesDisplay, schema: reservedSchema },
      ...[...views.values()].map((view) => ({ name: view.entry.name, file: view.entry.file, schema: view.visible })),
    ],
    links.mergedTypes,
  );
  const problems = [...clashes, ...links.problems, ...computed.problems];
  const warnings = [...sharedScalarNotes(sources), ...noQueryNotes(views.values())];
  if (problems.length > 0) return { views, links, problems, warnings };
  for (const [source, merge] of links.merges) views.get(source)!.subschema.merge = merge;
  try {
    const stitched = stitchSchemas({
      subschemas: [...views.values()].map((view) => view.subschema),
      mergeTypes: true,
      typeDefs: [links.typeDefs, computed.typeDefs].filter((text) => text !== ''),
      resolvers: [links.resolvers, computed.resolvers],
    });
    const linked = locateMergedFieldErrors(markCalls(applyLinkResolvers(withSharedScalars(withQueryRoot(stitched)), links), links), links.mergedTypes);
    const local = applyLocalRootFields(linked, views.values());
    const rootBatches = batchableRootFields(views);
    const planning: PlanningInput = {
      views: [...views.values()],
      links: links.links,
      rootBatches,
      mergedTypes: links.mergedTypes,
      entities: links.entities,
      computed: computed.fields,
      withheld: links.withheld,
      runtime: options.runtime,
    };
    return { schema: applyRootBatching(local, rootBatches, options.runtime), views, links, planning, problems, warnings };
  } catch (error) {
    return {
      views,
      links,
      warnings,
      problems: [{ file: sourcesDisplay, message: `cannot compose: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
}

function viewOf(entry: SourceEntry): SourceView {
  const { schema } = entry.loaded;
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type ? [type.name] : [])));
  const prefix = resolvePrefix(entry.config.prefix);
  const subschema: SubschemaConfig = {
    name: entry.name,
    schema,
    executor: entry.loaded.executor,
    batch: entry.loaded.batch,
    transforms: prefixTransforms(prefix, schema, roots),
  };
  const visible = subschema.transforms?.length ? wrapSchema({ schema, transforms: subschema.transforms }) : schema;
  const rootPrefix = prefix?.rootFields;
  return {
    entry,
    subschema,
    visible,
    gatewayFieldName: (field) => (rootPrefix ? rootPrefix + field.charAt(0).toUpperCase() + field.slice(1) : field),
  };
}
