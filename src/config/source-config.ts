import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A duration in config: `500ms`, `2s`, `1m` or milliseconds as a number. Parsed to milliseconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (use e.g. 500ms, 2s, 1m)` });
    return z.NEVER;
  }
  return ms;
});

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
  /** Upper bound on concurrent calls to this source, across all requests of this process. */
  maxConnections: z.number().int().positive().default(64),
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
