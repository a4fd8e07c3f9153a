import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running demo service; `requests` counts every HTTP request it received. */
export interface DemoService {
  name: string;
  port: number;
  url: string;
  requests: number;
  /** The latest calls that reached the service, oldest first: `GET /users/batch?ids=1,2` (HTTP), the method name (gRPC). */
  calls: string[];
  close(): Promise<void>;
}

const KEPT_CALLS = 1000;

/** Counts a call and keeps it in `calls`; bounded, since the benchmark sends millions. */
export function recordCall(service: DemoService, call: string): void {
  service.requests++;
  if (service.calls.length >= KEPT_CALLS) service.calls.splice(0, KEPT_CALLS / 2);
  service.calls.push(call);
}

export async function serveDemo(name: string, handler: RequestListener, port: number, host: string, path = '/graphql'): Promise<DemoService> {
  const service: DemoService = {
    name,
    port: 0,
    url: '',
    requests: 0,
    calls: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    recordCall(service, `${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  service.port = (server.address() as AddressInfo).port;
  service.url = `http://${host}:${service.port}${path}`;
  service.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return service;
}
