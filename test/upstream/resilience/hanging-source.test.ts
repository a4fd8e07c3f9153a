import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { callsProject, startCallService, type CallLog } from '../../sources/grpc/support/calls.js';
import type { TestGrpcServer } from '../../sources/grpc/support/grpc-server.js';
import { document, getJson } from '../../sources/openapi/support.js';
import { eventually } from './support.js';

/** An HTTP service that takes every request and never answers it, counting what is open. */
interface HangingServer {
  url: string;
  requests: number;
  openSockets(): number;
  close(): Promise<void>;
}

async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(() => {
    hanging.requests++;
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hanging: HangingServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: 0,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return hanging;
}

const OPENAPI = document({ '/thing': getJson('getThing', { type: 'object', properties: { id: { type: 'string' } } }) });

let upstream: HangingServer;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startHangingServer();
  project = await tempProject({
    'sources/rest/source.yaml': `kind: openapi\nendpoint: ${upstream.url}\nschema: openapi.json\ntimeout: 300ms\n`,
    'sources/rest/openapi.json': OPENAPI,
    'sources/gql/source.yaml': `kind: graphql\nendpoint: ${upstream.url}/graphql\nschema: schema.graphql\ntimeout: 300ms\n`,
    'sources/gql/schema.graphql': 'type Query { other: String }\n',
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await project?.remove();
});

describe('a source that hangs', () => {
  it('times out every call, retries none of them, and leaves no socket open', async () => {
    const before = upstream.requests;
    const answers = await Promise.all(Array.from({ length: 6 }, () => gateway.query('{ getThing { id } other }')));
    for (const { body } of answers) {
      expect(body.data).toEqual({ getThing: null, other: null });
      expect(body.errors.map((error: { extensions: unknown }) => error.extensions)).toEqual(
        expect.arrayContaining([
          { code: 'UPSTREAM_TIMEOUT', source: 'rest', timeoutMs: 300 },
          { code: 'UPSTREAM_TIMEOUT', source: 'gql', timeoutMs: 300 },
        ]),
      );
    }
    // The GET is idempotent, the GraphQL query too, but a timeout has used up the call's time.
    // (The six identical GETs are six gateway requests: no sharing across requests.)
    expect(upstream.requests - before).toBe(12);
    expect(
      await eventually(
        () => upstream.openSockets(),
        (open) => open === 0,
      ),
    ).toBe(0);
    expect(await gateway.metric('plexus_upstream_errors_total', { source: 'rest', outcome: 'timeout' })).toBe(6);
  });

  it('closes the upstream call when the client goes away', async () => {
    const before = upstream.requests;
    const client = new AbortController();
    const request = fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ getThing { id } }' }),
      signal: client.signal,
    }).catch(() => undefined);
    await eventually(
      () => upstream.requests,
      (count) => count > before,
    );
    expect(upstream.openSockets()).toBeGreaterThan(0);
    client.abort();
    await request;
    expect(
      await eventually(
        () => upstream.openSockets(),
        (open) => open === 0,
      ),
    ).toBe(0);
    expect(upstream.requests - before).toBe(1);
  });
});

describe('a gRPC service that hangs', () => {
  let service: TestGrpcServer & { log: CallLog };
  let grpcProject: TempProject;
  let grpcGateway: TestGateway;
  beforeAll(async () => {
    service = await startCallService();
    grpcProject = await callsProject(
      'kind: grpc\nendpoint: ${CALLS_URL}\nschema: calls.proto\ntimeout: 300ms\noperations:\n  GetReply: { idempotent: true }\n',
    );
    grpcGateway = await startTestGateway({ sourcesDir: grpcProject.sourcesDir, cwd: grpcProject.dir, env: { CALLS_URL: service.url } });
  });
  afterAll(async () => {
    await grpcGateway?.close();
    await service?.close();
    await grpcProject?.remove();
  });

  it('times out, cancels the call on the service, and does not retry it', async () => {
    const { body } = await grpcGateway.query('{ getReply(delayMs: 5000) { deadlineMs } }');
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'calls', grpcStatus: 'DEADLINE_EXCEEDED', timeoutMs: 300 });
    expect(
      await eventually(
        () => service.log.cancelled,
        (cancelled) => cancelled === 1,
      ),
    ).toBe(1);
    expect(service.calls).toBe(1);
  });
});
