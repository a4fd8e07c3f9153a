import { z } from 'zod';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { baseSourceSchema, maxResponseBytesSchema, resolvePrefix, schemaFiles } from '../../config/source-config.js';
import { sourceHttpClient } from '../source-http-client.js';
import { graphqlProbe } from '../graphql/probe.js';
import { upstreamHeaders } from '../../upstream/headers.js';
import { SourceLoadError, type SourceKind, type SourceOperation } from '../types.js';
import { createGraphQLHttpExecutor } from '../graphql/executor.js';
import { buildSubgraph, sdlFromFiles, sdlFromService, sourceFile } from './load-subgraph.js';

export const federationSourceSchema = baseSourceSchema.extend({
  kind: z.literal('federation'),
  /** Merge the root fields of one gateway request into one upstream operation. Default true. */
  batch: z.boolean().default(true),
  /** Largest response body accepted (`10mb`, `512kb` or bytes); a larger one is an UPSTREAM_ERROR. Default 10mb. */
  maxResponseBytes: maxResponseBytesSchema,
  /** Most representations in one `_entities` call; more are split into several calls. Default 500. */
  maxBatchSize: z.number().int().positive().default(500),
});

/**
 * An Apollo Federation (v1 or v2) subgraph: its SDL from files in the folder, or from the service's
 * `{ _service { sdl } }` when `schema` is omitted. Root fields are sent like a GraphQL source's; the
 * types it declares with `@key` are entities whose fields the gateway fetches through `_entities`.
 */
export const federationSource = {
  kind: 'federation',
  configSchema: federationSourceSchema,
  async load(context) {
    const { config, name } = context;
    const yamlFile = join(context.displayDir, 'source.yaml');
    // Entities are matched by their type names across sources: a renamed type would be another entity.
    if (resolvePrefix(config.prefix)?.types !== undefined) {
      throw new SourceLoadError([
        { file: yamlFile, message: 'prefix: a federation source keeps its type names (entities are matched by name); set prefix: { rootFields: ... } only' },
      ]);
    }
    const client = sourceHttpClient(context);
    const files = schemaFiles(config);
    let subgraph;
    try {
      const document =
        files.length > 0
          ? await sdlFromFiles(context.dir, context.displayDir, files)
          : await sdlFromService(client, upstreamHeaders(config.headers, undefined), yamlFile);
      subgraph = buildSubgraph(document, files.length > 0 ? sourceFile(context.displayDir, files) : yamlFile);
    } catch (error) {
      await client.close();
      throw error;
    }
    const { schema } = subgraph;
    const errors = { expose: config.exposeErrors, logger: context.logger };
    return {
      name,
      kind: 'federation',
      schema,
      executor: createGraphQLHttpExecutor({ source: name, client, headers: config.headers, errors }),
      batch: config.batch,
      operations: rootOperations(schema),
      entities: subgraph.entities.map((entity) => ({ ...entity, maxBatchSize: config.maxBatchSize })),
      warnings: [],
      probe: graphqlProbe(name, client, config.headers),
      close: () => client.close(),
    };
  },
} satisfies SourceKind<typeof federationSourceSchema>;

/** A subgraph names its operations by their root fields; subscriptions are not part of federation. */
function rootOperations(schema: GraphQLSchema): SourceOperation[] {
  const roots = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([rootType, type]) => (type ? Object.keys(type.getFields()).map((field) => ({ name: field, rootType, field })) : []));
}
