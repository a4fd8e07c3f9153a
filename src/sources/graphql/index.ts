import { z } from 'zod';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { baseSourceSchema, maxResponseBytesSchema, schemaFiles } from '../../config/source-config.js';
import { sourceHttpClient } from '../source-http-client.js';
import { graphqlProbe } from './probe.js';
import { upstreamHeaders } from '../../upstream/headers.js';
import type { SourceKind, SourceOperation } from '../types.js';
import { createGraphQLHttpExecutor, eventError } from './executor.js';
import { createSubscriptionOpener } from './subscriptions.js';
import { graphqlSubscriptionsSchema, subscriptionUrl } from './subscriptions-config.js';
import { schemaFromIntrospection, schemaFromSdl } from './load-schema.js';

export const graphqlSourceSchema = baseSourceSchema.extend({
  kind: z.literal('graphql'),
  /** Merge the root fields of one gateway request into one upstream operation. Default true. */
  batch: z.boolean().default(true),
  /** Largest response body accepted (`10mb`, `512kb` or bytes); a larger one is an UPSTREAM_ERROR. Default 10mb. */
  maxResponseBytes: maxResponseBytesSchema,
  /** How Subscription fields reach the service. Default `{ transport: websocket }` at `endpoint` (as `ws:`/`wss:`). */
  subscriptions: graphqlSubscriptionsSchema,
});

/** A GraphQL service: schema from SDL files in the folder, or by introspection when `schema` is omitted. */
export const graphqlSource = {
  kind: 'graphql',
  configSchema: graphqlSourceSchema,
  async load(context) {
    const { config, name } = context;
    const client = sourceHttpClient(context);
    const files = schemaFiles(config);
    let schema: GraphQLSchema;
    try {
      schema =
        files.length > 0
          ? await schemaFromSdl(context.dir, context.displayDir, files)
          : await schemaFromIntrospection(client, upstreamHeaders(config.headers, undefined), join(context.displayDir, 'source.yaml'));
    } catch (error) {
      await client.close();
      throw error;
    }
    const errors = { expose: config.exposeErrors, logger: context.logger };
    const subscribe = schema.getSubscriptionType()
      ? createSubscriptionOpener({
          source: name,
          transport: config.subscriptions.transport,
          url: subscriptionUrl(config.subscriptions, config.endpoint),
          headers: config.headers,
          connectTimeoutMs: config.timeout,
          path: context.upstream,
          logger: context.logger,
          eventError: (error, requestContext) => eventError({ source: name, errors }, error, requestContext),
        })
      : undefined;
    return {
      name,
      kind: 'graphql',
      schema,
      executor: createGraphQLHttpExecutor({ source: name, client, headers: config.headers, errors, ...(subscribe && { subscribe }) }),
      batch: config.batch,
      operations: rootOperations(schema),
      warnings: [],
      probe: graphqlProbe(name, client, config.headers),
      close: () => client.close(),
    };
  },
} satisfies SourceKind<typeof graphqlSourceSchema>;

/** A GraphQL service names its operations by their root fields. */
function rootOperations(schema: GraphQLSchema): SourceOperation[] {
  const roots = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ] as const;
  return roots.flatMap(([rootType, type]) => (type ? Object.keys(type.getFields()).map((field) => ({ name: field, rootType, field })) : []));
}
