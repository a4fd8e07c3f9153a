import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import { isAsyncIterable } from '@graphql-tools/utils';
import { performance } from 'node:perf_hooks';
import { getIdentity } from '../auth/identity.js';
import type { Logger } from '../logger.js';
import { requestIdFromContext } from './request-id.js';
import { requestStats } from '../upstream/request-stats.js';
import { followSubscription, type StreamObserver } from './subscription-stream.js';
import { durationMs, receivedAt, writeRequestLine, type RequestLine } from './request-report.js';
import type { PlexusContext } from '../request-state.js';

export interface RequestLoggingOptions {
  logger: Logger;
  /** Path of the GraphQL endpoint; other paths (health, readiness, metrics) are not logged. Default `/graphql`. */
  endpoint?: string;
}

interface Pending {
  started: number;
  path?: string;
  /** One per operation: a batched request runs several. */
  operations: { name?: string; type?: string; context?: object }[];
  errorCodes: Set<string>;
  answered: boolean;
  /** A subscription of the request opened a stream: the line waits for its end. */
  streaming?: { events: number; ended: boolean };
  /** The HTTP answer, kept while the stream runs. */
  response?: { method: string; status: number; requestId: string | undefined };
}

/**
 * Writes one line per GraphQL request: what ran, how it ended, how long it took and how many
 * upstream calls it cost, under the request id. `info` when it succeeded, `warn` with the error
 * codes when it has errors. Headers, variables and tokens are never written. A subscription's line
 * is written when its stream ends, over whichever transport, with the events it delivered; its
 * duration and upstream calls cover its whole life.
 */
export function useRequestLogging({ logger, endpoint = '/graphql' }: RequestLoggingOptions): Plugin<PlexusContext> {
  const pending = new WeakMap<Request, Pending>();
  const describe = (args: OperationArgs) => {
    const operation = getOperationAST(args.document, args.operationName);
    return {
      ...((operation?.name?.value ?? args.operationName) && { name: operation?.name?.value ?? args.operationName! }),
      ...(operation && { type: operation.operation }),
      context: args.contextValue as object,
    };
  };
  const onOperation = ({ args }: { args: OperationArgs }) => {
    const request = (args.contextValue as { request?: Request }).request;
    const entry = request && pending.get(request);
    if (entry) entry.operations.push(describe(args));
  };
  const write = (entry: Pending, http: Pending['response'] | undefined, requestId: string | undefined) => {
    const failed = entry.errorCodes.size > 0 || (http?.status ?? 0) >= 400;
    // At `warn`, the usual level under load, a request that succeeded has no line to build.
    if (!failed && !logger.isLevelEnabled('info')) return;
    const names = entry.operations.flatMap((operation) => (operation.name ? [operation.name] : []));
    const types = [...new Set(entry.operations.flatMap((operation) => (operation.type ? [operation.type] : [])))];
    const contexts = entry.operations.flatMap((operation) => (operation.context ? [operation.context] : []));
    const subject = contexts.map((context) => getIdentity(context)?.subject).find((value) => value !== undefined);
    const line: RequestLine = {
      requestId,
      ...(http && { method: http.method, path: entry.path }),
      ...(names.length > 0 && { operationName: names.join(',') }),
      ...(types.length > 0 && { operationType: types.join(',') }),
      ...(http && { status: http.status }),
      result: failed ? 'error' : 'ok',
      durationMs: durationMs(performance.now() - entry.started),
      upstreamCalls: contexts.reduce((sum, context) => sum + requestStats(context).upstreamCalls, 0),
      ...(entry.streaming && { events: entry.streaming.events }),
      ...(subject !== undefined && { subject }),
      ...(entry.errorCodes.size > 0 && { errorCodes: [...entry.errorCodes] }),
    };
    writeRequestLine(logger, line);
  };
  const noteErrors = (entry: Pending, result: { errors?: readonly unknown[] | undefined }) => {
    for (const error of (result.errors ?? []) as readonly GraphQLError[]) entry.errorCodes.add(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
  };
  /** Follows an operation answered as a stream (a subscription, or a query in payloads): its line waits for the end. */
  const openStream = (args: OperationArgs): StreamObserver | undefined => {
    const request = (args.contextValue as { request?: Request }).request;
    let entry = request && pending.get(request);
    const own = !entry;
    if (!entry) {
      // Served without an HTTP request of its own (a WebSocket message): a line of its own, without HTTP fields.
      if (!logger.isLevelEnabled('warn')) return undefined;
      entry = { started: performance.now(), operations: [describe(args)], errorCodes: new Set(), answered: true };
    }
    const streaming: NonNullable<Pending['streaming']> = { events: 0, ended: false };
    entry.streaming = streaming;
    const current = entry;
    return {
      event(result) {
        streaming.events++;
        noteErrors(current, result);
      },
      ended() {
        if (streaming.ended) return;
        streaming.ended = true;
        if (own) write(current, undefined, requestIdFromContext(args.contextValue));
        else if (current.response) write(current, current.response, current.response.requestId);
      },
    };
  };
  return {
    onRequest({ request, url, serverContext }) {
      // Failed requests are written at warn: below that level there is nothing to write.
      if (url.pathname === endpoint && logger.isLevelEnabled('warn')) {
        pending.set(request, { started: receivedAt(serverContext), path: url.pathname, operations: [], errorCodes: new Set(), answered: false });
      }
    },
    onExecute({ args }) {
      onOperation({ args });
      // A query answered in payloads (@defer, @stream) is written, like a subscription, when its last payload is.
      return {
        onExecuteDone({ result }) {
          if (!isAsyncIterable(result)) return undefined;
          const observer = openStream(args);
          return observer && { onNext: ({ result: payload }) => observer.event(payload as ExecutionResult), onEnd: observer.ended };
        },
      };
    },
    onSubscribe({ args }) {
      onOperation({ args });
      return followSubscription(() => openStream(args));
    },
    onResultProcess({ request, result }) {
      const entry = pending.get(request);
      if (!entry) return;
      entry.answered = true;
      for (const item of Array.isArray(result) ? result : [result]) {
        if (!isAsyncIterable(item)) noteErrors(entry, item);
      }
    },
    onResponse({ request, response, serverContext }) {
      const entry = pending.get(request);
      // GraphiQL pages and CORS preflights reach the endpoint too; only GraphQL answers are logged.
      if (!entry || (!entry.answered && response.status < 400)) return;
      const http = { method: request.method, status: response.status, requestId: requestIdFromContext(serverContext) };
      // A stream still running: its line is written when it ends.
      if (entry.streaming && !entry.streaming.ended) entry.response = http;
      else write(entry, http, http.requestId);
    },
  };
}

type OperationArgs = { document: DocumentNode; operationName?: string | null; contextValue: unknown };
