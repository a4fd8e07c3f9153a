import { Metadata, Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { bundledProtoDirs } from '../../../../src/sources/grpc/proto-paths.js';

export interface TestGrpcServer {
  port: number;
  /** `grpc://127.0.0.1:<port>` (or grpcs:// with TLS). */
  url: string;
  /** Calls received by the services under test (reflection not included). */
  calls: number;
  /** Metadata of the last call received. */
  lastMetadata?: Metadata;
  server: Server;
  close(): Promise<void>;
}

export interface StartGrpcServerOptions {
  /** Absolute path of the .proto file that declares the services. */
  protoFile: string;
  includeDirs?: string[];
  /** Handlers by full service name (`kitchen.v1.KitchenService`). */
  services: Record<string, UntypedServiceImplementation>;
  credentials?: ServerCredentials;
  /** Offer server reflection: both versions, or only the older v1alpha. */
  reflection?: 'v1' | 'v1alpha';
  /** Adds more to the server before it starts (a health service, say). */
  setup?: (server: Server) => void;
}

export function loadDefinition(protoFile: string, includeDirs: string[] = []): PackageDefinition {
  return loadSync(protoFile, { includeDirs: [...includeDirs, ...bundledProtoDirs()], keepCase: true, longs: String, enums: String, defaults: true });
}

/** A real grpc-js server on a free port of 127.0.0.1, serving the given handlers. */
export async function startGrpcServer(options: StartGrpcServerOptions): Promise<TestGrpcServer> {
  const definition = loadDefinition(options.protoFile, options.includeDirs);
  const server = new Server();
  const running: TestGrpcServer = { port: 0, url: '', calls: 0, server, close: async () => {} };
  for (const [name, handlers] of Object.entries(options.services)) {
    const service = definition[name] as ServiceDefinition | undefined;
    if (!service) throw new Error(`no service ${name} in ${options.protoFile}`);
    const counted = Object.fromEntries(
      Object.entries(handlers).map(([method, handler]) => [
        method,
        (call: { metadata: Metadata }, ...rest: unknown[]) => {
          running.calls++;
          running.lastMetadata = call.metadata;
          return (handler as (...args: unknown[]) => unknown)(call, ...rest);
        },
      ]),
    );
    server.addService(service, counted as UntypedServiceImplementation);
  }
  if (options.reflection) {
    const reflection = new ReflectionService(definition);
    // The v1alpha-only case stands for servers built before reflection v1 existed.
    const target =
      options.reflection === 'v1'
        ? server
        : { addService: (service: ServiceDefinition, impl: UntypedServiceImplementation) => isV1Alpha(service) && server.addService(service, impl) };
    reflection.addToServer(target as Server);
  }
  options.setup?.(server);
  const credentials = options.credentials ?? ServerCredentials.createInsecure();
  running.port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, port) => (error ? reject(error) : resolve(port))),
  );
  running.url = `${options.credentials ? 'grpcs' : 'grpc'}://127.0.0.1:${running.port}`;
  running.close = async () => server.forceShutdown();
  return running;
}

function isV1Alpha(service: ServiceDefinition): boolean {
  return Object.values(service).some((method) => method.path.startsWith('/grpc.reflection.v1alpha.'));
}
