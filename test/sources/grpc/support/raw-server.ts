import { Server, ServerCredentials, status, type ServerUnaryCall, type ServerWritableStream, type ServiceDefinition, type sendUnaryData } from '@grpc/grpc-js';

/** One RPC of a raw server: it sees the request's bytes and answers bytes, one message or a stream of them. */
export type RawMethod =
  { path: string; responseStream: false; answer(request: Buffer): Buffer } | { path: string; responseStream: true; answer(request: Buffer): Buffer[] };

export interface RawGrpcServer {
  url: string;
  close(): Promise<void>;
}

const bytes = (value: Buffer) => value;

/**
 * A grpc-js server that leaves encoding to the test: what it receives and sends is exactly the
 * bytes on the wire, so no protobuf library on the server side can hide or add a mistake.
 */
export async function startRawGrpcServer(methods: readonly RawMethod[]): Promise<RawGrpcServer> {
  const server = new Server();
  const byService = new Map<string, RawMethod[]>();
  for (const method of methods) {
    const service = method.path.slice(1, method.path.lastIndexOf('/'));
    byService.set(service, [...(byService.get(service) ?? []), method]);
  }
  for (const group of byService.values()) {
    const definition: Record<string, ServiceDefinition[string]> = {};
    const implementation: Record<string, unknown> = {};
    for (const method of group) {
      const name = method.path.slice(method.path.lastIndexOf('/') + 1);
      definition[name] = {
        path: method.path,
        requestStream: false,
        responseStream: method.responseStream,
        requestSerialize: bytes,
        requestDeserialize: bytes,
        responseSerialize: bytes,
        responseDeserialize: bytes,
      };
      // A test server that cannot build its answer says why, as gRPC's INTERNAL status.
      const failure = (error: unknown) => ({ code: status.INTERNAL, details: error instanceof Error ? error.message : String(error) });
      implementation[name] = method.responseStream
        ? (call: ServerWritableStream<Buffer, Buffer>) => {
            try {
              for (const message of method.answer(call.request)) call.write(message);
              call.end();
            } catch (error) {
              call.emit('error', failure(error));
            }
          }
        : (call: ServerUnaryCall<Buffer, Buffer>, reply: sendUnaryData<Buffer>) => {
            try {
              reply(null, method.answer(call.request));
            } catch (error) {
              reply(failure(error));
            }
          };
    }
    server.addService(definition, implementation as never);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { url: `grpc://127.0.0.1:${port}`, close: async () => server.forceShutdown() };
}
