import { SpanKind, type Attributes } from '@opentelemetry/api';
import { failSpan } from './spans.js';
import { traceScopeOf } from './trace-scope.js';

/** The span of one fetch of a query plan: what it asked of which source, around its upstream calls. */
export interface FetchSpan {
  end(attributes?: Attributes, failure?: string): void;
}

/** Starts the span of a plan's fetch under the request's execute span; undefined when the request is not traced. */
export function startFetchSpan(context: unknown, describe: () => Attributes): FetchSpan | undefined {
  const scope = traceScopeOf(context);
  if (!scope) return undefined;
  const span = scope.tracer.startSpan('plexus.fetch', { kind: SpanKind.INTERNAL, attributes: describe() }, scope.parent);
  return {
    end(attributes, failure) {
      if (attributes) span.setAttributes(attributes);
      if (failure !== undefined) failSpan(span, failure);
      span.end();
    },
  };
}
