import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAsyncIterable } from '@graphql-tools/utils';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Authenticate } from '../../auth/authenticate.js';
import type { GatewayConfig } from '../../config/gateway-config.js';
import { isUserFacing, plexusError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { PlexusMetrics } from '../../metrics/metrics.js';
import { REQUEST_ID_HEADER, chooseRequestId } from '../../observability/request-id.js';
import { attachRequestState, createRequestState, type Identity } from '../../request-state.js';
import type { Generation, Generations, Lease } from '../../generations/generations.js';
import { connectionHeaders } from './connection-headers.js';
import { stoppableStream } from './stoppable-stream.js';
import { withCodes } from '../../execution/error-codes.js';
import { refuseUpgrade, upgradeRefusal } from './upgrade-refusal.js';
import { asGraphQLErrors, formatError, formatResult } from './format-result.js';
import { reportOperation, type OperationReporter } from './operation-report.js';

export interface WebSocketTransportOptions {
  yoga: YogaServerInstance<any, any>;
  /** The yoga server an operation's generation is served with (a reload of gateway.yaml builds another). Default: `yoga`. */
  yogaFor?: (generation: Generation) => YogaServerInstance<any, any>;
  generations: Generations;
  config: GatewayConfig;
  logger: Logger;
  metrics: PlexusMetrics;
  /** The verifier HTTP requests are authenticated with; absent when `auth` is off. */
  authenticate?: Authenticate;
  /** What each operation's server context holds besides its generation and request state (the Redis budget). */
  operationContext?: () => object;
}

export interface WebSocketTransport {
  /** The Node.js `upgrade` listener: serves `/graphql` and refuses every other upgrade with a plain HTTP error. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Refuses new connections and closes the open ones with 1001 (going away): at once when nothing
   * but subscriptions runs on them, else when their queries and mutations end, and every one once
   * `graceMs` has passed. Resolves when all are closed.
   */
  drain(graceMs: number): Promise<void>;
}

type Result = ExecutionResult | AsyncIterable<ExecutionResult>;

interface Operation {
  lease: Lease;
  /** Absent until the operation has its context. */
  report?: OperationReporter;
  /** Ends a subscription with an error; absent for a query or mutation. */
  stop?: (error: Error) => void;
}

interface Connection {
  socket: WebSocket;
  /** The headers every operation of the connection is seen with (connection-headers.ts). */
  headers: Headers;
  identity?: Identity;
  operations: Map<string, Operation>;
  /** Set once the token has expired: the connection closes as soon as no operation runs. */
  expired: boolean;
  expiry?: NodeJS.Timeout;
}

// graphql-ws picks execute or subscribe by the document it is handed back from onSubscribe. By then
// the operation has run through yoga, and both hand back its result, so one placeholder does for all.
const RAN = parse('query Ran { __typename }');
const MAX_TIMER_MS = 2 ** 31 - 1;
const expiredError = () => plexusError('UNAUTHENTICATED', 'The token has expired');

/**
 * GraphQL over WebSocket (`graphql-transport-ws`, graphql-ws's `useServer` on a `ws` server) with
 * the policies of HTTP: the token is verified at `connection_init` and its expiry ends the
 * connection, the Origin is checked against `cors`, and every operation runs through yoga's
 * parameter hooks and envelop plugins on the schema generation current when it started.
 */
export function createWebSocketTransport({
  yoga,
  yogaFor,
  generations,
  config,
  logger,
  metrics,
  authenticate,
  operationContext,
}: WebSocketTransportOptions): WebSocketTransport {
  const endpoint = yoga.graphqlEndpoint;
  // Operations are parsed and validated inside yoga; graphql-ws only frames them. A message is capped like a request body.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxBodySize });
  const connections = new WeakMap<Context<Record<string, unknown> | undefined, Extra>, Connection>();
  const bySocket = new WeakMap<WebSocket, Connection>();
  const results = new WeakMap<object, Result>();
  let draining = false;

  /** Closes the connection once its token expired or the gateway drains, and nothing that must finish runs on it. */
  const closeWhenDone = (connection: Connection) => {
    const running = [...connection.operations.values()];
    if (connection.expired && running.length === 0) connection.socket.close(CloseCode.Forbidden, 'The token has expired');
    else if (draining && running.every((operation) => operation.stop)) connection.socket.close(1001, 'The gateway is shutting down');
  };

  const finish = (connection: Connection | undefined, id: string) => {
    const operation = connection?.operations.get(id);
    if (!connection || !operation) return;
    connection.operations.delete(id);
    operation.lease.release();
    operation.report?.end();
    closeWhenDone(connection);
  };

  const expire = (connection: Connection) => {
    connection.expired = true;
    const error = expiredError();
    for (const operation of connection.operations.values()) operation.stop?.(error);
    closeWhenDone(connection);
  };

  /** Ends the connection when its token expires (with `auth.clockTolerance`, as at verification). */
  const watchExpiry = (connection: Connection) => {
    const exp = connection.identity?.claims['exp'];
    if (typeof exp !== 'number') return;
    const deadline = exp * 1000 + config.auth.clockTolerance;
    const arm = () => {
      const left = deadline - Date.now();
      connection.expiry = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(() => expire(connection), Math.max(0, left));
    };
    arm();
  };

  const run = async (connection: Connection, upgrade: IncomingMessage, params: Record<string, unknown>, operation: Operation): Promise<Result> => {
    // One request per operation, as over HTTP: plugins keep per-request state by it.
    const requestId = chooseRequestId(undefined);
    const headers = new Headers(connection.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    const request = new yoga.fetchAPI.Request(new URL(endpoint, 'http://localhost'), { method: 'POST', headers });
    const state = createRequestState(requestId);
    if (connection.identity) state.identity = connection.identity;
    // The connection follows its token's expiry and ends its operations with an error message.
    state.expiryFollowed = true;
    // `req` as node:http hands it to yoga: the rate limit reads the client address there.
    const context = { ...operationContext?.(), generation: operation.lease.generation, req: upgrade };
    attachRequestState(context, state);
    operation.report = reportOperation({ metrics, logger, logRequests: config.logging.requests }, context, params['operationName']);
    try {
      const result = await (yogaFor?.(operation.lease.generation) ?? yoga).getResultForParams({ params, request }, context);
      if (!result) throw new Error('yoga returned no result for the operation');
      return result;
    } catch (error) {
      // Thrown by a parameter hook (trusted documents, the params' shape): yoga's request handler answers these.
      if (error instanceof GraphQLError && !error.originalError) return { errors: [error] };
      logger.error({ err: error, requestId }, 'internal error (masked in the response)');
      return { errors: [plexusError('INTERNAL_SERVER_ERROR', 'Unexpected error.')] };
    }
  };

  useServer(
    {
      isProd: !config.debug,
      connectionInitWaitTimeout: config.websocket.connectionInitTimeout,
      async onConnect(ctx) {
        const { socket, request } = ctx.extra;
        let headers: Headers;
        try {
          headers = connectionHeaders(request, ctx.connectionParams, config.auth.header);
        } catch {
          socket.close(CloseCode.BadRequest, `The ${config.auth.header} value of connection_init is not a valid header value`);
          return false;
        }
        let identity: Identity | undefined;
        try {
          identity = await authenticate?.(headers);
        } catch (error) {
          socket.close(CloseCode.Forbidden, isUserFacing(error) ? error.message : 'The token could not be verified');
          return false;
        }
        const connection: Connection = { socket, headers, operations: new Map(), expired: false, ...(identity && { identity }) };
        connections.set(ctx, connection);
        bySocket.set(socket, connection);
        watchExpiry(connection);
        return true;
      },
      async onSubscribe(ctx, id, payload) {
        const connection = connections.get(ctx);
        if (!connection) return [plexusError('UNAUTHENTICATED', 'The connection was not initialised')];
        if (connection.expired) return [expiredError()];
        if (draining) return [plexusError('INTERNAL_SERVER_ERROR', 'The gateway is shutting down: retry on a new connection')];
        const lease = generations.acquire();
        const operation: Operation = { lease };
        connection.operations.set(id, operation);
        let result: Result;
        try {
          result = await run(connection, ctx.extra.request, payload as unknown as Record<string, unknown>, operation);
        } catch (error) {
          finish(connection, id);
          throw error;
        }
        // Refused before it ran (validation, limits, rate limit, policies): the protocol's `error` message.
        if (!isAsyncIterable(result) && result.data === undefined && result.errors?.length) {
          const errors = asGraphQLErrors(withCodes(result).errors ?? []);
          operation.report?.errors(errors);
          finish(connection, id);
          return errors;
        }
        const args: ExecutionArgs = { schema: lease.generation.schema, document: RAN };
        if (isAsyncIterable(result)) {
          const { stream, stop } = stoppableStream(result);
          operation.stop = stop;
          results.set(args, stream);
          // The token may have expired while the operation was being prepared.
          if (connection.expired) stop(expiredError());
        } else {
          results.set(args, result);
        }
        return args;
      },
      execute: (args) => results.get(args)!,
      subscribe: (args) => results.get(args)!,
      onNext(ctx, id, _payload, _args, result) {
        const formatted = formatResult(withCodes(result as ExecutionResult));
        if (formatted.errors) connections.get(ctx)?.operations.get(id)?.report?.errors(formatted.errors);
        return formatted;
      },
      onError(ctx, id, _payload, errors) {
        const formatted = errors.map(formatError);
        connections.get(ctx)?.operations.get(id)?.report?.errors(formatted);
        return formatted;
      },
      onComplete: (ctx, id) => finish(connections.get(ctx), id),
      onClose(ctx) {
        const connection = connections.get(ctx);
        if (!connection) return;
        clearTimeout(connection.expiry);
        for (const id of [...connection.operations.keys()]) finish(connection, id);
      },
    },
    wss,
    config.websocket.keepAlive,
  );

  return {
    upgrade(request, socket, head) {
      // A client that resets the connection must not take the process down.
      socket.on('error', (error) => logger.debug({ err: error }, 'WebSocket handshake failed'));
      const refusal = draining
        ? { status: 503, message: 'The gateway is shutting down' }
        : upgradeRefusal(request, { endpoint, enabled: config.websocket.enabled, cors: config.cors });
      if (refusal) return refuseUpgrade(socket, refusal);
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    },
    async drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of wss.clients) {
        const connection = bySocket.get(socket);
        if (connection) closeWhenDone(connection);
        else socket.close(1001, 'The gateway is shutting down');
      }
      const late = setTimeout(() => {
        for (const socket of wss.clients) socket.close(1001, 'The gateway is shutting down');
        // A client that does not answer the close frame is cut off.
        setTimeout(() => wss.clients.forEach((socket) => socket.terminate()), 1000).unref();
      }, graceMs);
      await closed;
      clearTimeout(late);
    },
  };
}
