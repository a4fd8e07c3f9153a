import { z } from 'zod';
import { byteSizeSchema, durationSchema } from './schema-helpers.js';
import { circuitBreakerConfigSchema, retryConfigSchema } from './resilience-config.js';
import { CONNECTION_HEADERS, HEADER_NAME, HTTP_FIELD_VALUE } from '../upstream/header-rules.js';
import { transformsSchema } from './transforms-config.js';

export { durationSchema } from './schema-helpers.js';

const headerName = z.string().regex(HEADER_NAME, 'not a valid HTTP header name');

/** A header the gateway may put on an upstream call: not one that belongs to the connection or the message framing. */
const upstreamHeaderName = headerName
  .transform((name) => name.toLowerCase())
  .refine((name) => !CONNECTION_HEADERS.has(name), {
    error: (issue) => `"${String(issue.input)}" belongs to one connection or to the framing of one message; the gateway never sends it on a client's behalf`,
  });

const headerValue = z.string().refine((value) => HTTP_FIELD_VALUE.test(value), `not a valid header value: use only ${HTTP_FIELD_VALUE.allowed}`);

const prefixSchema = z.union([
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a prefix must be a valid GraphQL name'),
  z.strictObject({
    /** Prepended to every type name of the source (`Shop` + `Product` = `ShopProduct`). */
    types: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
    /** Prepended to every root field, the first letter of the field capitalised (`shop` + `product` = `shopProduct`). */
    rootFields: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
  }),
]);

/** Keys every `source.yaml` understands; a kind extends this with its own. */
export const baseSourceSchema = z.strictObject({
  kind: z.string(),
  endpoint: z.string().superRefine((value, ctx) => {
    if (value === '') ctx.addIssue({ code: 'custom', message: 'endpoint is empty (is its environment variable set?)' });
    else if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL` });
  }),
  schema: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Longest time one call to the service may take, retries and waiting for a free slot included. Default 10s. */
  timeout: durationSchema.default(10_000),
  headers: z
    .strictObject({
      /** Client request headers copied to every call. Connection and framing headers (`host`, `connection`, `content-length`, ...) are refused. Default none. */
      forward: z.array(upstreamHeaderName).default([]),
      /** Headers set on every call, after forwarding. Default none. */
      set: z.record(upstreamHeaderName, headerValue).default({}),
      /** Header name → claim of the verified token, e.g. `{ x-user-id: sub }`. Default none. */
      claims: z.record(upstreamHeaderName, z.string().min(1)).default({}),
    })
    .default({ forward: [], set: {}, claims: {} }),
  prefix: prefixSchema.optional(),
  /** Renames, filters and naming conventions applied to the source's schema before composition. Default none. */
  transforms: transformsSchema.optional(),
  /**
   * Show clients what the service itself says when it fails or refuses a call (an HTTP error body,
   * a gRPC status message, extensions of its GraphQL errors). Only for trusted internal services:
   * such text can carry stack traces, queries or credentials. It is logged with the request id
   * either way. Default false: clients see the source, the status and a fixed message.
   */
  exposeErrors: z.boolean().default(false),
  /**
   * Most calls in flight to this source at once, across all requests of this gateway process;
   * further calls wait for a free slot (within their `timeout`). For HTTP sources it is also the
   * number of keep-alive connections; it also caps concurrent link calls. Default 64.
   */
  maxConnections: z.number().int().positive().default(64),
  /** Retries of failed idempotent calls. Default `{ attempts: 2, backoff: 100ms, maxBackoff: 2s }`. */
  retry: retryConfigSchema.prefault({}),
  /** Fails fast while the source keeps failing. Default `{ failureRatio: 0.5, minimumRequests: 10, window: 10s, openFor: 5s, halfOpenRequests: 1 }`. */
  circuitBreaker: circuitBreakerConfigSchema.prefault({}),
});

export type BaseSourceConfig = z.output<typeof baseSourceSchema>;

/**
 * Largest response body accepted from an HTTP service (`10mb`, `512kb` or bytes); a larger one is
 * an UPSTREAM_ERROR. A parsed JSON body takes several times its size in memory, so the default is
 * kept well below what one request should ever hold. Default 10mb.
 */
export const maxResponseBytesSchema = byteSizeSchema.default(10 * 1024 * 1024);

/** Normalised form of the `prefix` key. */
export interface SourcePrefix {
  types?: string;
  rootFields?: string;
}

export function resolvePrefix(prefix: BaseSourceConfig['prefix']): SourcePrefix | undefined {
  if (prefix === undefined) return undefined;
  if (typeof prefix === 'string') return { types: prefix, rootFields: prefix.charAt(0).toLowerCase() + prefix.slice(1) };
  return {
    ...(prefix.types !== undefined && { types: prefix.types }),
    ...(prefix.rootFields !== undefined && { rootFields: prefix.rootFields }),
  };
}

/** The files named by `schema:`, always as a list. */
export function schemaFiles(config: BaseSourceConfig): string[] {
  if (config.schema === undefined) return [];
  return Array.isArray(config.schema) ? config.schema : [config.schema];
}
