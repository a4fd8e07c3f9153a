import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerUnaryCall, sendUnaryData, status as Status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startGrpcServer, type TestGrpcServer } from '../../sources/grpc/support/grpc-server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/retry', import.meta.url));
const RPCS = ['GetThing', 'SetThing', 'CreateThing', 'ListThings', 'RemoveThing', 'TouchThing'] as const;

const YAML = (schema: string) => `kind: grpc
endpoint: \${RETRY_URL}
${schema}
retry: { attempts: 2, backoff: 1ms }
circuitBreaker: { enabled: false }
operations:
  RemoveThing: { idempotent: false }
  TouchThing: { idempotent: true }
`;

const calls = new Map<string, number>();
let server: TestGrpcServer;

beforeAll(async () => {
  const answer = (rpc: string) => (call: ServerUnaryCall<{ code: Status }, unknown>, reply: sendUnaryData<unknown>) => {
    calls.set(rpc, (calls.get(rpc) ?? 0) + 1);
    if (call.request.code) reply({ code: call.request.code, details: 'as asked' });
    else reply(null, { ok: true });
  };
  server = await startGrpcServer({
    protoFile: join(FIXTURE, 'retry.proto'),
    services: { 'retry.v1.RetryService': Object.fromEntries(RPCS.map((rpc) => [rpc, answer(rpc)])) },
    reflection: 'v1',
  });
});
afterAll(() => server?.close());
beforeEach(() => calls.clear());

async function gatewayOver(schema: string): Promise<{ gateway: TestGateway; project: TempProject }> {
  const project = await tempProject();
  await cp(FIXTURE, join(project.sourcesDir, 'retry'), { recursive: true });
  await project.write({ 'sources/retry/source.yaml': YAML(schema) });
  const gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, env: { RETRY_URL: server.url } });
  return { gateway, project };
}

const UNAVAILABLE = 14;
const INVALID_ARGUMENT = 3;

describe.each([
  ['.proto files', 'schema: retry.proto'],
  ['server reflection', ''],
])('gRPC retries, schema from %s', (_from, schema) => {
  let gateway: TestGateway;
  let project: TempProject;
  beforeAll(async () => ({ gateway, project } = await gatewayOver(schema)));
  afterAll(async () => {
    await gateway?.close();
    await project?.remove();
  });

  it('retries the RPCs marked idempotent (proto option or source.yaml), and no other', async () => {
    const { body } = await gateway.query(`query { getThing(code: ${UNAVAILABLE}) { ok } listThings(code: ${UNAVAILABLE}) { ok } }`);
    expect(body.errors.map((error: { extensions: unknown }) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'UPSTREAM_ERROR', source: 'retry', grpcStatus: 'UNAVAILABLE' }),
      expect.objectContaining({ code: 'UPSTREAM_ERROR', source: 'retry', grpcStatus: 'UNAVAILABLE' }),
    ]);
    for (const field of ['setThing', 'createThing', 'removeThing', 'touchThing']) {
      await gateway.query(`mutation { ${field}(code: ${UNAVAILABLE}) { ok } }`);
    }
    expect(Object.fromEntries(calls)).toEqual({ GetThing: 3, SetThing: 3, TouchThing: 3, ListThings: 1, CreateThing: 1, RemoveThing: 1 });
    expect(await gateway.metric('plexus_upstream_retries_total', { source: 'retry' })).toBe(6);
  });

  it('does not retry a verdict on the request (INVALID_ARGUMENT)', async () => {
    const { body } = await gateway.query(`{ getThing(code: ${INVALID_ARGUMENT}) { ok } }`);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', grpcStatus: 'INVALID_ARGUMENT' });
    expect(calls.get('GetThing')).toBe(1);
  });
});
