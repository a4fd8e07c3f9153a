import { z } from 'zod';

/**
 * How the gateway opens a GraphQL source's subscriptions (`subscriptions:` in `source.yaml`).
 * Queries and mutations always go over HTTP POST to `endpoint`.
 */
export const graphqlSubscriptionsSchema = z
  .strictObject({
    /**
     * `websocket`: GraphQL over WebSocket (`graphql-transport-ws`); `sse`: GraphQL over
     * server-sent events (distinct connections mode). Default `websocket`.
     */
    transport: z.enum(['websocket', 'sse']).default('websocket'),
    /**
     * Where subscriptions are opened. Default: the source's `endpoint`, with `http:`/`https:`
     * turned into `ws:`/`wss:` for `websocket`.
     */
    endpoint: z
      .string()
      .refine((value) => URL.canParse(value), { error: (issue) => `"${String(issue.input)}" is not a URL` })
      .optional(),
  })
  .prefault({});

export type GraphQLSubscriptionsConfig = z.output<typeof graphqlSubscriptionsSchema>;

/** The URL subscriptions are opened at, with the scheme the transport needs. */
export function subscriptionUrl(config: GraphQLSubscriptionsConfig, endpoint: string): string {
  const url = new URL(config.endpoint ?? endpoint);
  if (config.transport === 'websocket') {
    if (url.protocol === 'http:') url.protocol = 'ws:';
    else if (url.protocol === 'https:') url.protocol = 'wss:';
  } else if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  return url.toString();
}
