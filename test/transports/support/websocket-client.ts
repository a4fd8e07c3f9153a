import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import WebSocket from 'ws';

/** How a graphql-ws connection ended, as the client saw it. */
export interface Closed {
  code: number;
  reason: string;
}

export interface TestClient {
  client: Client;
  /** Resolves with the close of the connection. */
  closed: Promise<Closed>;
  /** Runs an operation and collects what it delivers until it completes, fails, or `limit` results arrived. */
  run(
    query: string,
    options?: {
      variables?: Record<string, unknown>;
      extensions?: Record<string, unknown>;
      limit?: number;
      onResult?: (result: FormattedExecutionResult) => void;
    },
  ): Promise<Outcome>;
  dispose(): Promise<void>;
}

export interface Outcome {
  results: FormattedExecutionResult[];
  /** The `error` message's errors, or the close event that ended the operation. */
  error?: unknown;
}

/** A `ws` WebSocket that sends these headers on its handshake (browsers cannot; other clients can). */
function withHeaders(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

/**
 * A graphql-ws client that never retries, so that a refusal is seen as it is. `eager` connects at
 * once and keeps the connection open without operations, so that the server's close is observed.
 */
export function testClient(
  httpUrl: string,
  options: { connectionParams?: Record<string, unknown>; headers?: Record<string, string>; eager?: boolean } = {},
): TestClient {
  let onClosed: (closed: Closed) => void = () => {};
  const closed = new Promise<Closed>((resolve) => (onClosed = resolve));
  const clientOptions: ClientOptions = {
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: options.headers ? withHeaders(options.headers) : WebSocket,
    retryAttempts: 0,
    lazy: !options.eager,
    ...(options.connectionParams && { connectionParams: options.connectionParams }),
    on: { closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
    // Errors reach the operations' sinks; the client's own report would be noise.
    onNonLazyError: () => {},
  };
  const client = createClient(clientOptions);
  return {
    client,
    closed,
    run(query, { variables, extensions, limit, onResult } = {}) {
      return new Promise((resolve) => {
        const results: FormattedExecutionResult[] = [];
        const stop = client.subscribe(
          { query, ...(variables && { variables }), ...(extensions && { extensions }) },
          {
            next: (result) => {
              results.push(result as FormattedExecutionResult);
              onResult?.(result as FormattedExecutionResult);
              if (limit !== undefined && results.length >= limit) {
                stop();
                resolve({ results });
              }
            },
            error: (error) => resolve({ results, error }),
            complete: () => resolve({ results }),
          },
        );
      });
    },
    dispose: async () => client.dispose(),
  };
}

/** The answer to a WebSocket handshake: opened, or refused with an HTTP status and body. */
export function handshake(
  httpUrl: string,
  options: { path?: string; protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<{ opened: true } | { opened: false; status: number; body: string }> {
  const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}${options.path ?? '/graphql'}`, options.protocols ?? ['graphql-transport-ws'], {
    headers: options.headers ?? {},
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ opened: false, status: response.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => {
      // Emitted after unexpected-response when the server ends the connection; resolved by then.
      if (!socket.listenerCount('unexpected-response')) return;
      reject(error);
    });
  });
}
