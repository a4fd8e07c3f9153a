import { z } from 'zod';
import { durationSchema } from './schema-helpers.js';
import { circuitBreakerConfigSchema, retryConfigSchema } from './resilience-config.js';

export { durationSchema } from './schema-helpers.js';

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a valid HTTP header name');

const prefixSchema = z.union([
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a prefix must be a valid GraphQL name'),
  z.strictObject({
    /** Prepended to every type name of the source (`Shop` + `Product` = `ShopProduct`). */
    types: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    /** Prepended to every root field, the first letter of the field capitalised (`shop` + `product` = `shopProduct`). */
    rootFields: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
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
      forward: z.array(headerName.transform((name) => name.toLowerCase())).default([]),
      set: z.record(headerName, z.string()).default({}),
      /** Header name → claim of the verified token, e.g. `{ x-user-id: sub }`. */
      claims: z.record(headerName, z.string().min(1)).default({}),
    })
    .default({ forward: [], set: {}, claims: {} }),
  prefix: prefixSchema.optional(),
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
