import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './gateway.js';

export interface RunningServer {
  server: Server;
  /** e.g. `http://127.0.0.1:4000` */
  url: string;
  port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `graceMs`),
   * then closes the rest and the gateway's upstream connections.
   */
  close(graceMs?: number): Promise<void>;
}

export async function listen(gateway: Gateway, options: { port: number; host: string }): Promise<RunningServer> {
  const server = createServer((request, response) => gateway.handle(request, response));
  server.on('upgrade', (request, socket, head) => gateway.upgrade(request, socket, head));
  // Keep-alive longer than typical load balancer idle timeouts, so they close first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}`,
    close(graceMs = gateway.config.shutdown.grace) {
      closing ??= (async () => {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // The server's close waits for upgraded connections too: WebSockets go away with 1001.
        const sockets = gateway.drainWebSockets(graceMs);
        // A keep-alive connection turns idle when its last request ends; close it then, not at keepAliveTimeout.
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await Promise.all([drained, sockets]);
        clearInterval(sweeper);
        clearTimeout(timer);
        await gateway.close();
      })();
      return closing;
    },
  };
}
