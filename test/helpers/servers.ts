import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

export interface TestServer {
  url: string;
  port: number;
  /** Requests received so far, with their headers. */
  requests: { headers: IncomingHttpHeaders; url: string; method: string }[];
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** A real HTTP server on a free port that records what reaches it. */
export async function startHttpServer(handler: RequestListener, port = 0): Promise<TestServer> {
  const server: Server = createServer();
  const result: TestServer = { url: '', port: 0, requests: [], connections: 0, close: async () => {} };
  server.on('connection', () => result.connections++);
  server.on('request', (req, res) => {
    result.requests.push({ headers: req.headers, url: req.url ?? '', method: req.method ?? '' });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  result.port = (server.address() as AddressInfo).port;
  result.url = `http://127.0.0.1:${result.port}`;
  result.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return result;
}

export interface GraphQLServerOptions {
  typeDefs: string;
  resolvers: Record<string, unknown>;
  /** Delay every answer by this many milliseconds. */
  delayMs?: number;
  port?: number;
}

/** A GraphQL service on /graphql built with yoga, recording requests. */
export async function startGraphQLServer(options: GraphQLServerOptions): Promise<TestServer> {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as never }),
    logging: false,
    landingPage: false,
  });
  const server = await startHttpServer((req, res) => {
    if (options.delayMs) setTimeout(() => void yoga(req, res), options.delayMs);
    else void yoga(req, res);
  }, options.port);
  return {
    ...server,
    url: `${server.url}/graphql`,
    get requests() {
      return server.requests;
    },
    get connections() {
      return server.connections;
    },
  };
}
