import { z } from 'zod';
import { booleanish, switchable } from '../config/schema-helpers.js';

/** What GraphiQL opens with when no `graphiql.defaultQuery` is configured: a runnable welcome. */
export const DEFAULT_GRAPHIQL_DOCUMENT = `# Plexus: one GraphQL endpoint over your REST, gRPC and GraphQL services.
#
# Write a query here: the editor completes types, fields and arguments from the
# gateway's schema (Ctrl-Space) and marks mistakes as you type. The Docs pane
# browses the whole schema. Run the query with Ctrl-Enter or the play button.
#
# This one asks the gateway for the name of its query type:
query Welcome {
  __typename
}
`;

const graphiqlObjectSchema = z.strictObject({
  /** Serve GraphiQL to browsers at /graphql. Default true. */
  enabled: booleanish.default(true),
  /**
   * The document GraphiQL opens with (a browser that edited one before keeps its own). Default: a
   * welcome text and a query that runs on any gateway.
   */
  defaultQuery: z.string().min(1).default(DEFAULT_GRAPHIQL_DOCUMENT),
});

/** `graphiql`: `true` (the default), `false`, or `{ enabled, defaultQuery }`. */
export const graphiqlConfigSchema = switchable(graphiqlObjectSchema);

export type GraphiQLConfig = z.output<typeof graphiqlConfigSchema>;

export const graphiqlEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_GRAPHIQL: ['graphiql', 'enabled'],
  PLEXUS_GRAPHIQL_DEFAULT_QUERY: ['graphiql', 'defaultQuery'],
};
