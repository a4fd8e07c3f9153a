import { z } from 'zod';
import { booleanish, headerNameSchema } from '../config/schema-helpers.js';

/**
 * `csrf`: refuse requests a browser sends cross-site without a CORS preflight (form posts,
 * `text/plain` bodies, GET without headers) unless they carry one of `requestHeaders`.
 */
export const csrfConfigSchema = z.strictObject({
  /** Default true. */
  enabled: booleanish.default(true),
  /** Any one of these headers marks a request as not forgeable by a plain form or link. Default `x-plexus-csrf`, `apollo-require-preflight`, `x-apollo-operation-name`, `x-graphql-yoga-csrf`. */
  requestHeaders: z.array(headerNameSchema).min(1).default(['x-plexus-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-graphql-yoga-csrf']),
});

export type CsrfConfig = z.output<typeof csrfConfigSchema>;

export const csrfEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_CSRF: ['csrf', 'enabled'],
};
