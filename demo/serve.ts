import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running demo service; `requests` counts every HTTP request it received. */
export interface DemoService {
  name: string;
  port: number;
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function serveDemo(name: string, handler: RequestListener, port: number, host: string, path = '/graphql'): Promise<DemoService> {
  const service: DemoService = {
    name,
    port: 0,
    url: '',
    requests: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    service.requests++;
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
