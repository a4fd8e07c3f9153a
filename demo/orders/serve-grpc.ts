import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { recordCall, type DemoService } from '../serve.js';

/** One gRPC service to serve, with the handlers whose calls `requests` counts. */
export interface GrpcDemoService {
  definition: ServiceDefinition;
  handlers: UntypedServiceImplementation;
}

/**
 * The gRPC counterpart of `serveDemo`: a grpc-js server on `host:port` whose `requests` counts
 * every call to the given services (helpers such as reflection, added by `extra`, are not counted).
 */
export async function serveGrpcDemo(
  name: string,
  services: readonly GrpcDemoService[],
  port: number,
  host: string,
  extra: (server: Server) => void = () => {},
): Promise<DemoService> {
  const server = new Server();
  const service: DemoService = { name, port: 0, url: '', requests: 0, calls: [], close: async () => {} };
  for (const { definition, handlers } of services) {
    const counted = Object.fromEntries(
      Object.entries(handlers).map(([method, handler]) => [
        method,
        (...args: unknown[]) => {
          recordCall(service, method);
          return (handler as (...params: unknown[]) => unknown)(...args);
        },
      ]),
    ) as UntypedServiceImplementation;
    server.addService(definition, counted);
  }
  extra(server);
  service.port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  service.url = `grpc://${host}:${service.port}`;
  // Open streams (WatchOrders) would hold a graceful shutdown forever; a demo just stops.
  service.close = async () => server.forceShutdown();
  return service;
}
