import { status as Status, type Client, type Metadata, type ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { statusName } from './status-errors.js';

// The two messages of grpc.health.v1, as far as a probe reads them; the status enum travels as its number.
const CheckRequest = new protobuf.Type('HealthCheckRequest').add(new protobuf.Field('service', 1, 'string'));
const CheckResponse = new protobuf.Type('HealthCheckResponse').add(new protobuf.Field('status', 1, 'int32'));
const SERVING = 1;
const HEALTH_STATES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

/**
 * Asks the server's standard health service about the whole server (service ""). A server
 * without one still answered (UNIMPLEMENTED or NOT_FOUND), which is what readiness needs to know.
 * Not counted as traffic.
 */
export function checkHealth(client: Client, metadata: Metadata, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('no time left for the health check'));
      return;
    }
    const request = Buffer.from(CheckRequest.encode({ service: '' }).finish());
    const call = client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (value: Buffer) => value,
      (value: Buffer) => value,
      request,
      metadata,
      {},
      (error: ServiceError | null, answer?: Buffer) => {
        signal.removeEventListener('abort', cancel);
        if (error) {
          if (error.code === Status.UNIMPLEMENTED || error.code === Status.NOT_FOUND) resolve();
          else if (signal.aborted) reject(new Error('the health check did not answer in time'));
          else reject(new Error(`health check failed: ${statusName(error.code)}${error.details ? ` (${error.details})` : ''}`));
          return;
        }
        const state = (CheckResponse.decode(answer ?? Buffer.alloc(0)) as unknown as { status: number }).status;
        if (state === SERVING) resolve();
        else reject(new Error(`health check says ${HEALTH_STATES[state] ?? state}`));
      },
    );
    function cancel() {
      call.cancel();
    }
    signal.addEventListener('abort', cancel, { once: true });
  });
}
