import type { Metadata } from '@grpc/grpc-js';
import type { Attributes } from '@opentelemetry/api';
import { NO_TRACE_HEADERS, type SpanEnd } from '../../upstream/call-path.js';
import { statusName, type CallFailure } from './status-errors.js';

/** The span of one gRPC call to `path` (`/package.Service/Method`), named as gRPC client spans are. */
export function callSpan(source: string, path: string): () => { name: string; attributes: Attributes } {
  return () => {
    const name = path.replace(/^\//, '');
    const slash = name.lastIndexOf('/');
    return {
      name,
      attributes: { 'plexus.source': source, 'rpc.system': 'grpc', 'rpc.service': name.slice(0, slash), 'rpc.method': name.slice(slash + 1) },
    };
  };
}

/** How a call's span ends: its status; any status but OK marks it failed, as for any gRPC client span. */
export function callSpanEnd(failure: CallFailure | undefined): SpanEnd {
  return { attributes: { 'rpc.grpc.status_code': failure ? (failure.code ?? 2) : 0 }, ...(failure && { failure: statusName(failure.code) }) };
}

/** The call's metadata plus the trace context of its span; the shared metadata object is left as it is, since retries reuse it. */
export function withTraceContext(metadata: Metadata, traceHeaders: Readonly<Record<string, string>>): Metadata {
  if (traceHeaders === NO_TRACE_HEADERS) return metadata;
  const copy = metadata.clone();
  for (const [name, value] of Object.entries(traceHeaders)) copy.set(name, value);
  return copy;
}
