import type { Metadata } from '@grpc/grpc-js';
import { startUpstreamSpan, type UpstreamSpan } from '../../observability/upstream-span.js';
import { statusName, type CallFailure } from './status-errors.js';

/** The span of one gRPC call to `path` (`/package.Service/Method`), or undefined when the request is not traced. */
export function startCallSpan(context: unknown, source: string, path: string): UpstreamSpan | undefined {
  return startUpstreamSpan(context, () => {
    const name = path.replace(/^\//, '');
    const slash = name.lastIndexOf('/');
    return {
      name,
      attributes: { 'plexus.source': source, 'rpc.system': 'grpc', 'rpc.service': name.slice(0, slash), 'rpc.method': name.slice(slash + 1) },
    };
  });
}

/** Ends a call's span with its status; any status but OK marks it failed, as for any gRPC client span. */
export function endCallSpan(span: UpstreamSpan | undefined, failure: CallFailure | undefined): void {
  span?.end({ 'rpc.grpc.status_code': failure ? (failure.code ?? 2) : 0 }, failure ? statusName(failure.code) : undefined);
}

/** The call's metadata plus the trace context of its span; the shared metadata object is left as it is, since retries reuse it. */
export function withTraceContext(metadata: Metadata, span: UpstreamSpan | undefined): Metadata {
  if (!span) return metadata;
  const copy = metadata.clone();
  for (const [name, value] of Object.entries(span.headers)) copy.set(name, value);
  return copy;
}
