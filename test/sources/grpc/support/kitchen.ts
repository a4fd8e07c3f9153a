import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { tempProject, type TempProject } from '../../../helpers/fixtures.js';
import { startGrpcServer, type StartGrpcServerOptions, type TestGrpcServer } from './grpc-server.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
export const KITCHEN_PROTO = join(FIXTURES, 'kitchen/kitchen.proto');

/** Copies the kitchen fixture protos into `sources/<name>/` with the given source.yaml. */
export async function kitchenSource(project: TempProject, name: string, yaml: string): Promise<void> {
  await cp(join(FIXTURES, 'kitchen'), join(project.sourcesDir, name), { recursive: true });
  await project.write({ [`sources/${name}/source.yaml`]: yaml });
}

/** A project whose only source is a copy of the kitchen fixture under `sources/<name>/`. */
export async function kitchenProject(name: string, yaml: string): Promise<TempProject> {
  const project = await tempProject();
  await kitchenSource(project, name, yaml);
  return project;
}

type Plain = Record<string, unknown>;

/** The kitchen service: Echo sends the message back, Tail streams `count` messages and may then fail. */
export function startKitchen(options: Partial<StartGrpcServerOptions> = {}): Promise<TestGrpcServer> {
  const empty = (_call: unknown, reply: sendUnaryData<Plain>) => reply(null, {});
  return startGrpcServer({
    protoFile: KITCHEN_PROTO,
    includeDirs: [join(FIXTURES, 'kitchen')],
    services: {
      'kitchen.v1.KitchenService': {
        Echo: (call: ServerUnaryCall<Plain, Plain>, reply: sendUnaryData<Plain>) => reply(null, call.request),
        GetDefaults: empty,
        Forget: empty,
        ListNothing: empty,
        Getaway: empty,
        Tail(call: ServerWritableStream<{ count: number; fail_with: number }, Plain>) {
          for (let index = 1; index <= call.request.count; index++) call.write({ i32: index });
          if (call.request.fail_with) call.emit('error', { code: call.request.fail_with, details: `stopped after ${call.request.count}` });
          else call.end();
        },
      },
    },
    ...options,
  });
}
