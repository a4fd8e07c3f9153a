import { ROOT_CONTEXT, SpanStatusCode, trace, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// W3C Trace Context, used directly rather than through the global propagation API, so that
// nothing is installed process-wide and gateways in one process never see each other's setup.
const propagator = new W3CTraceContextPropagator();

const headersGetter: TextMapGetter<{ get(name: string): string | null }> = {
  keys: () => ['traceparent', 'tracestate'],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};

/** The caller's trace context from `traceparent`/`tracestate`, or the root context when none (or malformed). */
export function extractTraceContext(headers: { get(name: string): string | null }): Context {
  return propagator.extract(ROOT_CONTEXT, headers, headersGetter);
}

/** `traceparent` (and `tracestate`) headers that make `span` the parent of what the receiver does. */
export function traceHeaders(parent: Context, span: Span): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(trace.setSpan(parent, span), headers, { set: (carrier, key, value) => (carrier[key] = value) });
  return headers;
}

/** Marks a span failed: `type` is a low-cardinality class of the failure (a code, a status, `timeout`). */
export function failSpan(span: Span, type: string, message?: string): void {
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, ...(message !== undefined && { message }) });
}
