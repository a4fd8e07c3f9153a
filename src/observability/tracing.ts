import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './tracing-config.js';

/** One gateway's tracer and the pipeline behind it. */
export interface Tracing {
  tracer: Tracer;
  /** Exports the spans still buffered and stops; call when the gateway closes. */
  shutdown(): Promise<void>;
}

/**
 * A tracer provider of this gateway alone, never registered globally: two gateways in one process
 * (tests, hot reload) export independently and nothing else in the process starts tracing.
 * Spans are batched and sent over OTLP/HTTP (JSON) to `config.endpoint` unless `exporter` is given.
 */
export function createTracing(config: TracingConfig, exporter: SpanExporter = new OTLPTraceExporter({ url: config.endpoint })): Tracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('plexus'), shutdown: () => provider.shutdown() };
}
