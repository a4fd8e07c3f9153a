import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { postUpload } from '../../helpers/multipart.js';
import { kitchenProject, startKitchen } from './support/kitchen.js';
import type { TestGrpcServer } from './support/grpc-server.js';

const ECHO = 'mutation($raw: Bytes) { echo(raw: $raw) { raw } }';

describe('a gRPC bytes field takes an uploaded file', () => {
  let server: TestGrpcServer;
  let project: TempProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    server = await startKitchen();
    project = await kitchenProject('kitchen', 'kind: grpc\nendpoint: ${KITCHEN_URL}\nschema: kitchen.proto\nmaxMessageBytes: 4096\n');
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, env: { KITCHEN_URL: server.url } });
  });

  afterAll(async () => {
    await gateway?.close();
    await server?.close();
    await project?.remove();
  });

  const url = () => `http://127.0.0.1:${gateway.server.port}`;

  it('puts the file bytes in the message', async () => {
    const bytes = new Uint8Array(2000).map((_, index) => (index * 13) % 256);
    const { status, body } = await postUpload(url(), ECHO, { raw: null }, { 'variables.raw': [new Blob([bytes]), 'raw.bin'] });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.echo.raw).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('still takes base64 text', async () => {
    const { body } = await gateway.query(ECHO, { raw: 'aGVsbG8=' });
    expect(body).toEqual({ data: { echo: { raw: 'aGVsbG8=' } } });
  });

  it('refuses files larger than the source takes in one message, before any call', async () => {
    const calls = server.calls;
    const { body } = await postUpload(url(), ECHO, { raw: null }, { 'variables.raw': [new Blob([new Uint8Array(5000)]), 'big.bin'] });
    expect(body.errors?.[0]).toMatchObject({
      message: 'The files sent to source "kitchen" hold 5000 bytes; a message to it may hold at most 4096 (maxMessageBytes)',
      extensions: { code: 'BAD_USER_INPUT', source: 'kitchen' },
    });
    expect(server.calls).toBe(calls);
  });
});
