import { z } from 'zod';
import { booleanish, expecting, numberIn } from '../config/schema-helpers.js';

/** Where an OTLP/HTTP collector takes traces when only `enabled` is given: a local collector. */
const DEFAULT_ENDPOINT = 'http://localhost:4318';
const TRACES_PATH = '/v1/traces';

/**
 * The URL spans are posted to. As with `OTEL_EXPORTER_OTLP_ENDPOINT`, a base URL gets `/v1/traces`
 * appended (`http://collector:4318` → `http://collector:4318/v1/traces`); a URL that already ends
 * with it is taken as it is.
 */
const endpointSchema = z.url({ protocol: /^https?$/, ...expecting('an http(s) URL') }).transform((value) => {
  const url = new URL(value);
  if (!url.pathname.endsWith(TRACES_PATH)) url.pathname = url.pathname.replace(/\/$/, '') + TRACES_PATH;
  return url.toString();
});

/**
 * `tracing`: OpenTelemetry spans for each request, its parse/validate/execute phases and each
 * upstream call, exported over OTLP/HTTP. Off unless enabled or an endpoint is given; when off,
 * no tracer exists and requests pay nothing for it.
 */
export const tracingConfigSchema = z
  .strictObject({
    /** Export traces. Default: true when `endpoint` is set, else false. */
    enabled: booleanish.optional(),
    /** OTLP/HTTP collector URL (base or full traces URL). Default `http://localhost:4318/v1/traces`. */
    endpoint: endpointSchema.optional(),
    /** `service.name` of every span. Default `plexus`. */
    serviceName: z.string().min(1).default('plexus'),
    /**
     * Share of new traces recorded, 0 to 1. A request that arrives with a `traceparent` follows
     * its caller's sampling decision. Default 1.
     */
    sampleRatio: numberIn({ min: 0, max: 1 }).default(1),
  })
  .transform(({ enabled, endpoint, ...rest }) => ({
    ...rest,
    enabled: enabled ?? endpoint !== undefined,
    endpoint: endpoint ?? DEFAULT_ENDPOINT + TRACES_PATH,
  }));

export type TracingConfig = z.output<typeof tracingConfigSchema>;

// Later entries win: the Plexus variable overrides the standard OpenTelemetry one.
export const tracingEnvBindings: Record<string, readonly string[]> = {
  OTEL_EXPORTER_OTLP_ENDPOINT: ['tracing', 'endpoint'],
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ['tracing', 'endpoint'],
  OTEL_SERVICE_NAME: ['tracing', 'serviceName'],
  PLEXUS_TRACING_ENABLED: ['tracing', 'enabled'],
  PLEXUS_TRACING_ENDPOINT: ['tracing', 'endpoint'],
  PLEXUS_TRACING_SERVICE_NAME: ['tracing', 'serviceName'],
  PLEXUS_TRACING_SAMPLE_RATIO: ['tracing', 'sampleRatio'],
};
