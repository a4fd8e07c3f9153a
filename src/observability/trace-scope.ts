import { requestStateOf, type TraceScope } from '../request-state.js';

export type { TraceScope };

/**
 * Makes `scope` where the request's new spans go: the request span when the request arrives, then
 * its operation's span. Nothing is set when tracing is off, so lookups find nothing and no span is made.
 */
export function setTraceScope(context: object, scope: TraceScope): void {
  const state = requestStateOf(context);
  if (state) state.traceScope = scope;
}

/** The innermost scope of a request: its operation's span, else its HTTP request's span. */
export function traceScopeOf(context: unknown): TraceScope | undefined {
  return requestStateOf(context)?.traceScope;
}
