import { GraphQLSchema } from 'graphql';
import { stitchSchemas } from '@graphql-tools/stitch';
import { wrapSchema } from '@graphql-tools/wrap';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { resolvePrefix } from '../config/source-config.js';
import type { Problem } from '../config/problems.js';
import type { SourceEntry } from '../sources/registry.js';
import { findClashes } from './clashes.js';
import { prefixTransforms } from './prefix.js';
import { plexusTypes } from './directives.js';

// Plexus's own types, listed first so a source type with the same name is reported as the clash.
const reservedSchema = new GraphQLSchema({ types: [...plexusTypes] });

export interface Composition {
  /** The gateway schema, or undefined when problems prevent composing. */
  schema?: GraphQLSchema;
  /** The subschema of each source, by source name. */
  subschemas: Map<string, SubschemaConfig>;
  problems: Problem[];
}

/** Stitches every source into one schema, after checking that no two sources claim the same name. */
export function compose(sources: readonly SourceEntry[], options: { sourcesDisplay?: string } = {}): Composition {
  const sourcesDisplay = options.sourcesDisplay ?? 'sources';
  const subschemas = new Map<string, SubschemaConfig>();
  const named = [];
  for (const entry of sources) {
    const { schema } = entry.loaded;
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type ? [type.name] : [])));
    const subschema: SubschemaConfig = {
      name: entry.name,
      schema,
      executor: entry.loaded.executor,
      batch: entry.loaded.batch,
      transforms: prefixTransforms(resolvePrefix(entry.config.prefix), roots),
    };
    subschemas.set(entry.name, subschema);
    const visible = subschema.transforms?.length ? wrapSchema({ schema, transforms: subschema.transforms }) : schema;
    named.push({ name: entry.name, file: entry.file, schema: visible });
  }
  const problems = findClashes([{ name: 'plexus', file: sourcesDisplay, schema: reservedSchema }, ...named]);
  if (problems.length > 0) return { subschemas, problems };
  if (subschemas.size === 0) {
    return { subschemas, problems: [{ file: sourcesDisplay, message: `no sources found: add a folder with a source.yaml under ${sourcesDisplay}/` }] };
  }
  try {
    const schema = stitchSchemas({ subschemas: [...subschemas.values()], mergeTypes: true });
    return { schema, subschemas, problems };
  } catch (error) {
    return { subschemas, problems: [{ file: sourcesDisplay, message: `cannot compose: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}
