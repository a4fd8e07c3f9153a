import { SpanKind, type Attributes } from '@opentelemetry/api';
import { failSpan, traceHeaders } from './spans.js';
import { traceScopeOf } from './trace-scope.js';

/** The span of one real call to a source (one HTTP request, one gRPC call). */
export interface UpstreamSpan {
  /** Headers (`traceparent`, `tracestate`) that carry this span to the service. */
  headers: Record<string, string>;
  /** Ends the span; with `failure` (a status code, `timeout`, ...) it is marked failed. */
  end(attributes?: Attributes, failure?: string): void;
}

/**
 * Starts the span of an upstream call made for the GraphQL request behind `context`, as a child of
 * its execute span. Undefined when that request is not traced (tracing off, a readiness probe);
 * `describe` is called only for a traced call, so an untraced one allocates nothing.
 */
export function startUpstreamSpan(context: unknown, describe: () => { name: string; attributes: Attributes }): UpstreamSpan | undefined {
  const scope = traceScopeOf(context);
  if (!scope) return undefined;
  const { name, attributes } = describe();
  const span = scope.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, scope.parent);
  return {
    headers: traceHeaders(scope.parent, span),
    end(more, failure) {
      if (more) span.setAttributes(more);
      if (failure !== undefined) failSpan(span, failure);
      span.end();
    },
  };
}
