import type { Context, Tracer } from '@opentelemetry/api';

/** Where new spans of a request go: the gateway's tracer and the span to parent them on. */
export interface TraceScope {
  tracer: Tracer;
  /** An OpenTelemetry context holding the parent span. */
  parent: Context;
}

// Keyed by the HTTP request (the request span) and by the GraphQL context (its execute span);
// nothing is set when tracing is off, so lookups find nothing and no span is made.
const scopes = new WeakMap<object, TraceScope>();

export function setTraceScope(key: object, scope: TraceScope): void {
  scopes.set(key, scope);
}

/** The innermost scope for a GraphQL context: its execute span, else its HTTP request's span. */
export function traceScopeOf(context: unknown): TraceScope | undefined {
  if (context === null || typeof context !== 'object') return undefined;
  const own = scopes.get(context);
  if (own) return own;
  const request = (context as { request?: unknown }).request;
  return request !== null && typeof request === 'object' ? scopes.get(request) : undefined;
}
