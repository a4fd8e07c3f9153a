import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** False when Redis did not answer: the suite should skip (outside CI). */
  available: boolean;
  url: string;
  /** A key prefix no other test run uses; `cleanUp` deletes the keys made under it. */
  prefix(): string;
  /** Deletes every key under the prefixes handed out. */
  cleanUp(): Promise<void>;
}

/**
 * Checks that Redis at REDIS_URL answers PING. Outside CI an unreachable Redis skips the suites
 * that need it, with a visible message; in CI (`CI` set) it throws, so the suite fails instead.
 */
export async function testRedis(): Promise<TestRedis> {
  const available = await ping(REDIS_URL);
  if (!available) {
    const message = `Redis is not reachable at ${REDIS_URL}`;
    if (process.env['CI']) throw new Error(`${message}; CI needs it for the Redis-backed tests`);
    console.warn(`SKIPPED: ${message}; Redis-backed tests are skipped (set REDIS_URL or start Redis)`);
  }
  const prefixes: string[] = [];
  return {
    available,
    url: REDIS_URL,
    prefix() {
      const prefix = `plexus-test:${randomUUID()}:`;
      prefixes.push(prefix);
      return prefix;
    },
    async cleanUp() {
      if (!available || prefixes.length === 0) return;
      const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await client.connect();
        for (const prefix of prefixes.splice(0)) {
          const keys = await client.keys(`${prefix}*`);
          if (keys.length > 0) await client.del(...keys);
        }
      } finally {
        client.disconnect();
      }
    },
  };
}

function ping(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });
}

export interface TcpProxy {
  /** `redis://127.0.0.1:<port>` style address of the proxy, with the target's path and credentials. */
  url: string;
  port: number;
  /**
   * Stops forwarding in both directions while every connection stays open, like a server that
   * stopped answering: what arrives meanwhile is dropped, so commands sent now never get a reply.
   * New connections are accepted and held the same way.
   */
  stall(): void;
  /** Forwards again (after `stall`). */
  resume(): void;
  /** Names of the Redis commands clients sent through the proxy, forwarded or dropped, in order (upper case). */
  commands(): string[];
  /** Stops listening and cuts every open connection, like the target going down. */
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of `targetUrl`, so a test can make a shared server "disappear" or go
 * silent without stopping it. `port` (default: a free one) lets a test bring it back where
 * clients reconnect.
 */
export async function startTcpProxy(targetUrl: string, port = 0): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const commands: string[] = [];
  let forwarding = true;
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    const readCommands = commandReader((name) => commands.push(name));
    client.on('data', (chunk: Buffer) => {
      readCommands(chunk);
      if (forwarding) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (forwarding) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.address() as AddressInfo).port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(listening);
  let closed: Promise<void> | undefined;
  return {
    url: url.toString(),
    port: listening,
    stall: () => void (forwarding = false),
    resume: () => void (forwarding = true),
    commands: () => [...commands],
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

/**
 * Reads the commands of one client connection from its bytes, whatever the chunking: RESP arrays
 * of bulk strings (`*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`), or inline commands (`PING\r\n`).
 */
function commandReader(onCommand: (name: string) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  const lineEnd = (from: number) => pending.indexOf('\r\n', from);
  // Returns where the command at `at` ends, or -1 when its bytes have not all arrived.
  const readCommand = (at: number): number => {
    const headerEnd = lineEnd(at);
    if (headerEnd < 0) return -1;
    const header = pending.toString('latin1', at, headerEnd);
    if (!header.startsWith('*')) {
      onCommand(header.trim().split(/\s+/)[0]!.toUpperCase());
      return headerEnd + 2;
    }
    let position = headerEnd + 2;
    let name: string | undefined;
    for (let index = 0; index < Number(header.slice(1)); index++) {
      const sizeEnd = lineEnd(position);
      if (sizeEnd < 0) return -1;
      const size = Number(pending.toString('latin1', position + 1, sizeEnd));
      const end = sizeEnd + 2 + size;
      if (end + 2 > pending.length) return -1;
      name ??= pending.toString('latin1', sizeEnd + 2, end).toUpperCase();
      position = end + 2;
    }
    if (name !== undefined) onCommand(name);
    return position;
  };
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let at = 0;
    while (at < pending.length) {
      const next = readCommand(at);
      if (next < 0) break;
      at = next;
    }
    pending = pending.subarray(at);
  };
}
