import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { createDefaultExecutor } from '@graphql-tools/delegate';
import { baseSourceSchema } from '../../src/config/source-config.js';
import { upstreamError } from '../../src/errors.js';
import type { SourceKind } from '../../src/sources/types.js';

// A source kind that exists only in the tests: a key-value service speaking one line of JSON each
// way over TCP (`tcp://host:port`). It encodes, sends and decodes; everything else (counts, spans,
// metrics, hooks, retries, breaker, cap, deadline) comes from the call path the gateway gives it.

export const linesSourceSchema = baseSourceSchema.extend({ kind: z.literal('lines') });

export const linesSource = {
  kind: 'lines',
  configSchema: linesSourceSchema,
  async load(context) {
    const { name, config } = context;
    const endpoint = new URL(config.endpoint);
    const get = (key: string, requestContext: unknown) =>
      context.upstream.call<{ key: string; value: string | null }>({
        transport: 'tcp',
        operation: 'get',
        context: requestContext,
        span: () => ({ name: `get ${name}`, attributes: { 'plexus.source': name } }),
        idempotent: true,
        timeoutMs: config.timeout,
        send: ({ deadline }) =>
          exchange(endpoint, { op: 'get', key }, deadline.signal).then(
            (value) => ({ value: value as { key: string; value: string | null }, failed: false, outcome: 'ok' as const }),
            (error: unknown) => ({
              error: upstreamError(name, `Source "${name}" failed (${error instanceof Error ? error.message : String(error)})`),
              failed: true,
              outcome: deadline.timedOut ? ('timeout' as const) : ('error' as const),
            }),
          ),
        timeoutError: () => upstreamError(name, `Source "${name}" did not answer within ${config.timeout} ms`),
      });
    const schema = makeExecutableSchema({
      typeDefs: 'type Query { entry(key: String!): Entry } type Entry { key: String! value: String }',
      resolvers: { Query: { entry: (_root: unknown, args: { key: string }, requestContext: unknown) => get(args.key, requestContext) } },
    });
    return {
      name,
      kind: 'lines',
      schema,
      executor: createDefaultExecutor(schema),
      operations: [{ name: 'get', rootType: 'Query', field: 'entry' }],
      batch: false,
      warnings: [],
      probe: async () => {},
      close: async () => {},
    };
  },
} satisfies SourceKind<typeof linesSourceSchema>;

/** One request line, one answer line. */
async function exchange(endpoint: URL, request: object, signal: AbortSignal): Promise<unknown> {
  const socket = createConnection({ host: endpoint.hostname, port: Number(endpoint.port), signal });
  socket.end(`${JSON.stringify(request)}\n`);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  if (!text.endsWith('\n')) throw new Error('connection closed without an answer');
  return JSON.parse(text) as unknown;
}

export interface LinesService {
  url: string;
  /** Requests received, the dropped ones included. */
  requests: number;
  /** Drops the next `count` connections without answering. */
  drop(count: number): void;
  close(): Promise<void>;
}

/** The service: answers `get` from `entries`. */
export async function startLinesService(entries: Record<string, string>): Promise<LinesService> {
  let dropping = 0;
  const service: LinesService = {
    url: '',
    requests: 0,
    drop(count) {
      dropping = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((socket: Socket) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += String(chunk);
      if (!text.includes('\n')) return;
      service.requests++;
      if (dropping > 0) {
        dropping--;
        socket.destroy();
        return;
      }
      const { key } = JSON.parse(text) as { key: string };
      socket.end(`${JSON.stringify({ key, value: entries[key] ?? null })}\n`);
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  service.url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return service;
}
