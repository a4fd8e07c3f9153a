import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { SpanKind, trace, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import { isAsyncIterable } from '@graphql-tools/utils';
import { requestIdFromContext } from './request-id.js';
import { extractTraceContext, failSpan } from './spans.js';
import { setTraceScope } from './trace-scope.js';
import type { PlexusContext } from '../request-state.js';

export interface TracingOptions {
  /** The gateway's tracer (observability/tracing.ts). */
  tracer: Tracer;
  /** Path of the GraphQL endpoint; other paths are not traced. Default `/graphql`. */
  endpoint?: string;
}

interface OperationArgs {
  document: DocumentNode;
  operationName?: string | null;
  contextValue: YogaInitialContext & PlexusContext;
}

/**
 * OpenTelemetry spans for GraphQL requests: one per HTTP request (continuing the caller's
 * `traceparent`), with `graphql.parse`, `graphql.validate` and `graphql.execute` inside it; upstream
 * calls made while executing become children of the execute span (observability/upstream-span.ts).
 */
export function useTracing({ tracer, endpoint = '/graphql' }: TracingOptions): Plugin<PlexusContext> {
  const requestSpans = new WeakMap<Request, Span>();

  /** A phase span under the request's span; undefined when the request is not traced. */
  const startPhase = (name: string, context: PlexusContext) => {
    const scope = context.plexus.traceScope;
    return scope && { span: tracer.startSpan(name, {}, scope.parent), parent: scope.parent };
  };

  /** Starts an operation's span and makes it the parent of the upstream calls made for it; returns what ends it. */
  const startOperation = (name: string, args: OperationArgs) => {
    const phase = startPhase(name, args.contextValue);
    if (!phase) return undefined;
    const { span } = phase;
    const operation = getOperationAST(args.document, args.operationName);
    const attributes = {
      ...(operation && { 'graphql.operation.type': operation.operation }),
      ...(operation?.name && { 'graphql.operation.name': operation.name.value }),
    };
    span.setAttributes(attributes);
    // A WebSocket operation has no HTTP request of its own.
    const request = args.contextValue.request as Request | undefined;
    if (request) requestSpans.get(request)?.setAttributes(attributes);
    args.contextValue.plexus.traceScope = { tracer, parent: trace.setSpan(phase.parent, span) };
    return ({ result }: { result: ExecutionResult | AsyncIterable<ExecutionResult> }) => {
      if (!isAsyncIterable(result)) {
        markErrors(span, result.errors);
        span.end();
        return undefined;
      }
      // A stream's span lasts as long as the stream.
      return { onNext: ({ result: item }: { result: ExecutionResult }) => markErrors(span, item.errors), onEnd: () => span.end() };
    };
  };

  return {
    onRequest({ request, url, serverContext }) {
      if (url.pathname !== endpoint) return;
      const requestId = requestIdFromContext(serverContext);
      const parent = extractTraceContext(request.headers);
      const span = tracer.startSpan(
        `${request.method} ${url.pathname}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            [ATTR_HTTP_REQUEST_METHOD]: request.method,
            [ATTR_URL_PATH]: url.pathname,
            ...(requestId !== undefined && { 'plexus.request_id': requestId }),
          },
        },
        parent,
      );
      requestSpans.set(request, span);
      // On the request's state, which its operations start from (request-state.ts).
      setTraceScope(serverContext, { tracer, parent: trace.setSpan(parent, span) });
    },
    onParse({ context }) {
      const phase = startPhase('graphql.parse', context);
      return (
        phase &&
        (({ result }) => {
          if (result instanceof Error) failSpan(phase.span, 'GRAPHQL_PARSE_FAILED', result.message);
          phase.span.end();
        })
      );
    },
    onValidate({ context }) {
      const phase = startPhase('graphql.validate', context);
      return (
        phase &&
        (({ valid, result }) => {
          if (!valid) failSpan(phase.span, 'GRAPHQL_VALIDATION_FAILED', result[0]?.message);
          phase.span.end();
        })
      );
    },
    onExecute({ args }) {
      const done = startOperation('graphql.execute', args);
      return done && { onExecuteDone: done };
    },
    onSubscribe({ args }) {
      const done = startOperation('graphql.subscribe', args);
      return done && { onSubscribeResult: done };
    },
    onResponse({ request, response }) {
      const span = requestSpans.get(request);
      if (!span) return;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      if (response.status >= 500) failSpan(span, String(response.status));
      span.end();
    },
  };
}

function markErrors(span: Span, errors: readonly GraphQLError[] | undefined): void {
  const first = errors?.[0];
  if (first) failSpan(span, String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), first.message);
}
