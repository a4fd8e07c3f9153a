import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerUnaryCall, sendUnaryData, status as Status } from '@grpc/grpc-js';
import { tempProject, type TempProject } from '../../../helpers/fixtures.js';
import { startGrpcServer, type StartGrpcServerOptions, type TestGrpcServer } from './grpc-server.js';
import { FIXTURES } from './kitchen.js';

export const CALLS_PROTO = join(FIXTURES, 'calls/calls.proto');

/** What the call service saw: calls cancelled by the caller. */
export interface CallLog {
  cancelled: number;
}

/** The call service: waits `delay_ms`, then fails with `code` or reports the metadata and deadline it got. */
export async function startCallService(options: Partial<StartGrpcServerOptions> = {}): Promise<TestGrpcServer & { log: CallLog }> {
  const log: CallLog = { cancelled: 0 };
  const server = await startGrpcServer({
    protoFile: CALLS_PROTO,
    services: {
      'calls.v1.CallService': {
        GetReply(call: ServerUnaryCall<{ code: Status; message: string; delay_ms: number }, unknown>, reply: sendUnaryData<unknown>) {
          const deadline = call.getDeadline();
          const left =
            deadline instanceof Date ? deadline.getTime() - Date.now() : typeof deadline === 'number' && Number.isFinite(deadline) ? deadline - Date.now() : -1;
          call.on('cancelled', () => log.cancelled++);
          setTimeout(() => {
            if (call.request.code) reply({ code: call.request.code, details: call.request.message });
            else {
              const metadata = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([key, value]) => [key, String(value)]));
              reply(null, { metadata, deadline_ms: left });
            }
          }, call.request.delay_ms);
        },
      },
    },
    ...options,
  });
  return Object.assign(server, { log });
}

/** A project with one source `calls` over the call service. */
export async function callsProject(yaml: string, name = 'calls'): Promise<TempProject> {
  const project = await tempProject();
  await cp(join(FIXTURES, 'calls'), join(project.sourcesDir, name), { recursive: true });
  await project.write({ [`sources/${name}/source.yaml`]: yaml });
  return project;
}
