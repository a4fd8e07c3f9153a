import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import type { Metadata, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startGraphQLServer, startHttpServer, type TestServer } from '../helpers/servers.js';
import { startGrpcServer, type TestGrpcServer } from '../sources/grpc/support/grpc-server.js';

const PROTO = `syntax = "proto3";
package obs.v1;
message EchoRequest { string text = 1; }
message EchoReply { string text = 1; }
service EchoService { rpc GetEcho(EchoRequest) returns (EchoReply); }
`;

const GREETING_SDL = 'type Query { greeting: String! }\n';

const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'hello', version: '1' },
  paths: {
    '/hello': {
      get: {
        operationId: 'hello',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } } },
        },
      },
    },
    '/broken': {
      get: {
        operationId: 'broken',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } } },
        },
      },
    },
  },
});

/** One query that calls each of the three services once: `rest` (REST), `greet` (GraphQL) and `echo` (gRPC). */
export const ALL_THREE = 'query AllThree { hello { message } greeting getEcho(text: "hi") { text } }';

/** Three real services, one of each kind, and a project whose sources point at them. No `headers.forward` anywhere. */
export interface Upstreams {
  project: TempProject;
  /** Variables the source files read their endpoints from. */
  env: Record<string, string>;
  rest: TestServer;
  graphql: TestServer;
  grpc: TestGrpcServer;
  /** Metadata of every call the gRPC service received. */
  grpcCalls: Metadata[];
  /** Headers of the calls each service received for GraphQL requests (readiness probes left out). */
  seen(): { rest: IncomingHttpHeaders[]; graphql: IncomingHttpHeaders[]; grpc: Metadata[] };
  close(): Promise<void>;
}

export async function startUpstreams(): Promise<Upstreams> {
  const rest = await startHttpServer((req, res) => {
    const broken = req.url === '/broken';
    res.writeHead(broken ? 500 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(broken ? { error: 'boom' } : { message: 'hello' }));
  });
  const graphql = await startGraphQLServer({ typeDefs: GREETING_SDL, resolvers: { Query: { greeting: () => 'hi there' } } });
  const project = await tempProject({
    'sources/rest/source.yaml': 'kind: openapi\nendpoint: ${REST_URL}\nschema: openapi.json\nretry: { enabled: false }\n',
    'sources/rest/openapi.json': OPENAPI,
    'sources/greet/source.yaml': 'kind: graphql\nendpoint: ${GREET_URL}\nschema: schema.graphql\n',
    'sources/greet/schema.graphql': GREETING_SDL,
    'sources/echo/source.yaml': 'kind: grpc\nendpoint: ${ECHO_URL}\nschema: echo.proto\n',
    'sources/echo/echo.proto': PROTO,
  });
  const grpcCalls: Metadata[] = [];
  const grpc = await startGrpcServer({
    protoFile: join(project.sourcesDir, 'echo/echo.proto'),
    services: {
      'obs.v1.EchoService': {
        GetEcho(call: ServerUnaryCall<{ text: string }, { text: string }>, reply: sendUnaryData<{ text: string }>) {
          grpcCalls.push(call.metadata);
          reply(null, { text: call.request.text });
        },
      },
    },
  });
  return {
    project,
    env: { REST_URL: rest.url, GREET_URL: graphql.url, ECHO_URL: grpc.url },
    rest,
    graphql,
    grpc,
    grpcCalls,
    seen: () => ({
      rest: rest.requests.filter((request) => request.method === 'GET').map((request) => request.headers),
      graphql: graphql.requests.filter((request) => request.method === 'POST').map((request) => request.headers),
      grpc: [...grpcCalls],
    }),
    async close() {
      await Promise.all([rest.close(), graphql.close(), grpc.close()]);
      await project.remove();
    },
  };
}

/** A destination for `createLogger` that keeps every line it is given. */
export function captureLines(): { stream: Writable; lines: string[]; records(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { stream, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
