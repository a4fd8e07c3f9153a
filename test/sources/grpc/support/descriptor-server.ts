import { createRequire } from 'node:module';
import { Server, ServerCredentials, type ServerDuplexStream, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { bundledProtoDirs, createImportResolver } from '../../../../src/sources/grpc/proto-paths.js';

const require = createRequire(import.meta.url);

/** protobufjs's FileDescriptorProto type, extended with `(plexus.batch)` as protoc would know it. */
export function optionsAwareDescriptor(): protobuf.Type {
  const root = new protobuf.Root();
  const resolver = createImportResolver(bundledProtoDirs());
  root.resolvePath = (origin, target) => resolver.resolve(origin, target);
  root.loadSync('plexus/options.proto');
  return root.lookupType('google.protobuf.FileDescriptorProto');
}

interface ReflectionRequest {
  list_services?: string;
  file_containing_symbol?: string;
  file_by_filename?: string;
}

/**
 * A reflection-only v1 server that answers with the serialized files it is given, the way a
 * server built with protoc does (custom options included), sending each file without its imports.
 */
export async function startDescriptorServer(
  services: string[],
  files: Record<string, Uint8Array>,
  symbols: Record<string, string>,
): Promise<{ url: string; close(): void }> {
  const definition = loadSync(require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'), { keepCase: true });
  const server = new Server();
  server.addService(definition['grpc.reflection.v1.ServerReflection'] as ServiceDefinition, {
    ServerReflectionInfo(call: ServerDuplexStream<ReflectionRequest, unknown>) {
      call.on('data', (request: ReflectionRequest) => {
        if (request.list_services !== undefined) call.write({ list_services_response: { service: services.map((name) => ({ name })) } });
        else {
          const file = request.file_by_filename ?? symbols[request.file_containing_symbol ?? ''];
          const bytes = file === undefined ? undefined : files[file];
          call.write(
            bytes ? { file_descriptor_response: { file_descriptor_proto: [bytes] } } : { error_response: { error_code: 5, error_message: 'not found' } },
          );
        }
      });
      call.on('end', () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { url: `grpc://127.0.0.1:${port}`, close: () => server.forceShutdown() };
}
