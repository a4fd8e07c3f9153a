import { Pool, type Dispatcher } from 'undici';
import { performance } from 'node:perf_hooks';
import { upstreamError, upstreamTimeout } from '../errors.js';
import { startDeadline, requestSignal } from './deadline.js';
import { countUpstreamCall } from './request-stats.js';
import { oncePerRequest } from './dedupe.js';
import type { UpstreamMetrics } from './metrics.js';

export interface HttpClientOptions {
  source: string;
  /** Base URL; its origin gets one keep-alive pool. */
  endpoint: string;
  timeoutMs: number;
  maxConnections: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes: number;
  metrics: UpstreamMetrics;
}

export interface HttpCall {
  method: Dispatcher.HttpMethod;
  /** Path and query, already encoded, appended to the endpoint's path. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The GraphQL context of the request this call serves (for its signal and call counts). */
  context?: unknown;
  /** Aborts the call; defaults to the signal of the client request in `context`. */
  signal?: AbortSignal;
  /** A readiness check: not counted as traffic in `plexus_upstream_requests_total`. */
  probe?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One source's HTTP connection pool, with deadlines, size caps, metrics and error mapping. */
export interface HttpClient {
  request(call: HttpCall): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const url = new URL(options.endpoint);
  const basePath = url.pathname.replace(/\/$/, '');
  let pool: Pool | undefined;
  // Created on first use so that loading a source for `compose` opens no sockets.
  const getPool = () =>
    (pool ??= new Pool(url.origin, {
      connections: options.maxConnections,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
    }));

  async function send(call: HttpCall): Promise<HttpAnswer> {
    const deadline = startDeadline(options.timeoutMs, call.signal ?? requestSignal(call.context));
    const started = performance.now();
    const record = call.probe ? () => {} : options.metrics.recordCall.bind(options.metrics);
    if (!call.probe) countUpstreamCall(call.context, options.source);
    try {
      const answer = await getPool().request({
        method: call.method,
        path: basePath + call.path || '/',
        headers: call.headers ?? {},
        body: call.body ?? null,
        signal: deadline.signal,
      });
      const body = await readCapped(answer.body, options.maxResponseBytes, options.source);
      record(options.source, seconds(started), answer.statusCode < 500 ? 'ok' : 'error');
      return { status: answer.statusCode, headers: answer.headers, body };
    } catch (error) {
      record(options.source, seconds(started), deadline.timedOut ? 'timeout' : 'error');
      if (deadline.timedOut) throw upstreamTimeout(options.source, options.timeoutMs);
      throw toUpstreamError(options.source, error);
    } finally {
      deadline.clear();
    }
  }

  return {
    request(call) {
      if ((call.method === 'GET' || call.method === 'HEAD') && !call.probe && call.context) {
        const key = `${call.method} ${call.path} ${JSON.stringify(call.headers ?? {})}`;
        return oncePerRequest(call.context, `${options.source}|${key}`, () => send(call));
      }
      return send(call);
    },
    async close() {
      await pool?.close();
    },
  };
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000;
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, source: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw upstreamError(source, `Source "${source}" sent a response larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

function toUpstreamError(source: string, error: unknown) {
  if (error instanceof Error && 'extensions' in error) return error;
  const code = (error as { code?: string } | undefined)?.code;
  const reason = code ?? (error instanceof Error ? error.name : 'unknown error');
  return upstreamError(source, `Source "${source}" is unreachable (${reason})`, { cause: error });
}
