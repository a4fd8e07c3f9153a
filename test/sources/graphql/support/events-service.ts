import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';

export const EVENTS_SDL = `
type Line { personId: ID!, quantity: Int! }
type Event { seq: Int!, lines: [Line!]! }
type Query { ping: String }
type Subscription {
  "count events (without count: until the subscriber leaves), one every intervalMs"
  events(count: Int, intervalMs: Int = 5): Event!
}
`;

export const PEOPLE_SDL = `
type Person { id: ID!, name: String! }
type Query { peopleByIds(ids: [ID!]!): [Person]! }
`;

/** A GraphQL service with a subscription over both graphql-transport-ws and yoga's SSE, on one port. */
export interface EventsService {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** Subscriptions running now. */
  active(): number;
  /** Subscriptions opened so far. */
  opened(): number;
  /** The `connection_init` payloads received over WebSocket. */
  connectionParams: Record<string, unknown>[];
  /** Headers of the HTTP requests received (SSE subscriptions and queries). */
  httpHeaders: IncomingHttpHeaders[];
  /** Cuts every open connection, as a crashing service would. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startEventsService(): Promise<EventsService> {
  let active = 0;
  let opened = 0;
  const schema = createSchema({
    typeDefs: EVENTS_SDL,
    resolvers: {
      Subscription: {
        events: {
          subscribe: async function* (_root: unknown, { count, intervalMs }: { count?: number | null; intervalMs: number }) {
            active++;
            opened++;
            try {
              for (let seq = 1; count === null || count === undefined || seq <= count; seq++) {
                await new Promise((resolve) => setTimeout(resolve, intervalMs));
                // Three lines per event, two of them for the same person: the link asks once per distinct key.
                yield { events: { seq, lines: [1, 2, 1].map((n) => ({ personId: String(seq + n), quantity: n })) } };
              }
            } finally {
              active--;
            }
          },
        },
      },
    },
  });
  const yoga = createYoga({ schema, logging: false, landingPage: false });
  const httpHeaders: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    httpHeaders.push(req.headers);
    void yoga(req, res);
  });
  const sockets = new WebSocketServer({ server, path: '/graphql' });
  const connectionParams: Record<string, unknown>[] = [];
  const disposeWs = useServer(
    {
      schema,
      onConnect: (ctx) => {
        connectionParams.push(ctx.connectionParams ?? {});
      },
    },
    sockets,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    active: () => active,
    opened: () => opened,
    connectionParams,
    httpHeaders,
    dropConnections() {
      for (const socket of sockets.clients) socket.terminate();
      server.closeAllConnections();
    },
    async close() {
      for (const socket of sockets.clients) socket.terminate();
      await disposeWs.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
