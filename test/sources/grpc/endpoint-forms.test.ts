import { afterEach, describe, expect, test } from 'vitest';
import type { TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import type { TestGrpcServer } from './support/grpc-server.js';
import { kitchenProject, startKitchen } from './support/kitchen.js';

let server: TestGrpcServer | undefined;
let project: TempProject | undefined;
let gateway: TestGateway | undefined;

afterEach(async () => {
  await gateway?.close();
  await server?.close();
  await project?.remove();
  gateway = server = project = undefined;
});

describe('a gRPC endpoint written as gRPC users write it', () => {
  test.each([
    ['host:port', (port: number) => `127.0.0.1:${port}`],
    ['a dns: target name', (port: number) => `dns:///127.0.0.1:${port}`],
    ['grpc://', (port: number) => `grpc://127.0.0.1:${port}`],
  ])('%s reaches the service, in plaintext', async (_form, endpoint) => {
    server = await startKitchen();
    project = await kitchenProject('kitchen', `kind: grpc\nendpoint: ${endpoint(server.port)}\nschema: kitchen.proto\n`);
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
    const { body } = await gateway.query('mutation { echo(text: "over plain host:port") { text } }');
    expect(body).toEqual({ data: { echo: { text: 'over plain host:port' } } });
    expect(server.calls).toBe(1);
  });
});
