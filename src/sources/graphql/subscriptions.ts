import { GraphQLError, print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { ExecutionRequest } from '@graphql-tools/utils';
import { Repeater } from '@repeaterjs/repeater';
import WebSocket from 'ws';
import { createClient as createWebSocketClient } from 'graphql-ws';
import { createClient as createSseClient, NetworkError } from 'graphql-sse';
import { upstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { requestIdFromContext } from '../../observability/request-id.js';
import { requestSignal } from '../../upstream/deadline.js';
import { incomingHeaders, upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import type { CallPath } from '../../upstream/call-path.js';

export interface GraphQLSubscriptionOptions {
  source: string;
  transport: 'websocket' | 'sse';
  /** Where subscriptions are opened (`ws:`/`wss:` for `websocket`). */
  url: string;
  headers: HeaderPolicy;
  /** Longest wait for the service to accept a WebSocket connection. */
  connectTimeoutMs: number;
  /** The source's call path: the subscription is counted, traced and recorded there. */
  path: CallPath;
  logger: Logger;
  /** Turns an error of an event into the gateway's error, as errors of answers are turned. */
  eventError(error: GraphQLFormattedError, context: unknown): GraphQLError;
}

/** What both protocol clients offer: one operation, its results to a sink, a function that ends it. */
interface ProtocolClient {
  subscribe(
    payload: { query: string; variables?: Record<string, unknown>; operationName?: string },
    sink: { next(value: unknown): void; error(error: unknown): void; complete(): void },
  ): () => void;
  dispose(): void | Promise<void>;
}

/**
 * Opens one subscription of a GraphQL source. Each subscription has a connection of its own: the
 * headers it carries (forwarded client headers, token claims) belong to one caller and must never
 * serve another's operation. Over WebSocket they go in the `connection_init` payload (where
 * `graphql-transport-ws` servers read them) and on the upgrade request; over SSE on the request.
 *
 * The stream ends when the client leaves (the upstream operation is completed and its connection
 * closed), when the service completes it, or when the connection fails; a failure is a last event
 * carrying an UPSTREAM_ERROR. Opening counts one upstream call on the source's call path, recorded
 * when the stream ends.
 */
export function createSubscriptionOpener(options: GraphQLSubscriptionOptions): (request: ExecutionRequest) => AsyncIterable<ExecutionResult> | ExecutionResult {
  const { source } = options;
  return (request) => {
    let headers: Record<string, string>;
    try {
      headers = upstreamHeaders(options.headers, incomingHeaders(request.context));
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const payload = {
      query: print(request.document),
      ...(request.variables && { variables: request.variables as Record<string, unknown> }),
      ...(request.operationName && { operationName: request.operationName }),
    };
    return new Repeater<ExecutionResult>(async (push, stop) => {
      const opened = options.path.open({
        transport: options.transport,
        operation: `subscription ${request.operationName ?? ''}`.trim(),
        context: request.context,
        span: () => ({ name: `subscription ${source}`, attributes: { 'plexus.source': source, 'graphql.operation.type': 'subscription' } }),
      });
      const client = connect(options, { ...headers, ...opened.traceHeaders });
      let failure: { reason: string; cause: unknown } | undefined;
      const fail = (reason: string, cause?: unknown) => {
        failure = { reason, cause };
        const requestId = requestIdFromContext(request.context);
        options.logger.warn({ source, ...(requestId !== undefined && { requestId }), reason }, 'source subscription failed');
        void push({ errors: [upstreamError(source, `Source "${source}" subscription failed: ${reason}`, { cause })] }).catch(() => undefined);
        stop();
      };
      const unsubscribe = client.subscribe(payload, {
        next(value) {
          try {
            void push(toResult(value as ExecutionResult<Record<string, unknown>>, options, request.context)).catch(() => undefined);
          } catch (error) {
            // Events pile up only when the client reads slower than the source sends: end rather than hold them all.
            fail('the client reads events slower than the source sends them', error);
          }
        },
        error(error) {
          if (Array.isArray(error)) {
            // The service refused the operation: its own errors, as for a query.
            void push({ errors: (error as GraphQLFormattedError[]).map((item) => options.eventError(item, request.context)) }).catch(() => undefined);
            stop();
          } else fail(describeFailure(error), error);
        },
        complete: () => stop(),
      });
      const signal = requestSignal(request.context);
      const onAbort = () => stop();
      signal?.addEventListener('abort', onAbort, { once: true });
      await stop;
      signal?.removeEventListener('abort', onAbort);
      unsubscribe();
      await client.dispose();
      opened.end(failure ? 'error' : 'ok', failure && { failure: failure.reason }, failure?.cause);
    });
  };
}

function connect(options: GraphQLSubscriptionOptions, headers: Record<string, string>): ProtocolClient {
  if (options.transport === 'sse') {
    return createSseClient({ url: options.url, headers, retryAttempts: 0 }) as ProtocolClient;
  }
  const timeout = options.connectTimeoutMs;
  // The protocol client makes the socket itself; this class gives it the caller's headers and a handshake deadline.
  class SocketWithHeaders extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers, handshakeTimeout: timeout });
    }
  }
  return createWebSocketClient({
    url: options.url,
    webSocketImpl: SocketWithHeaders,
    connectionParams: headers,
    connectionAckWaitTimeout: timeout,
    retryAttempts: 0,
    // One operation per client: the socket closes with it.
    lazy: true,
  }) as ProtocolClient;
}

function toResult(value: ExecutionResult<Record<string, unknown>>, options: GraphQLSubscriptionOptions, context: unknown): ExecutionResult {
  return {
    ...(value.data !== undefined && { data: value.data }),
    ...(value.errors && { errors: (value.errors as readonly GraphQLFormattedError[]).map((error) => options.eventError(error, context)) }),
  };
}

/** What went wrong, without the service's own text (a close reason or a body may hold its internals). */
function describeFailure(error: unknown): string {
  if (error instanceof NetworkError) return error.response ? `HTTP ${error.response.status}` : 'connection failed';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return `connection closed (${code})`;
  if (typeof code === 'string') return `connection failed (${code})`;
  return 'connection failed';
}
