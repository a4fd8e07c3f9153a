import { z } from 'zod';
import { baseSourceSchema, maxResponseBytesSchema } from '../../config/source-config.js';

const graphqlName = z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'not a valid GraphQL name');

const credential = z.union([z.string(), z.strictObject({ username: z.string(), password: z.string() })]);

const operationOverride = z.strictObject({
  /** Offer the operation under `Query` or `Mutation` whatever its HTTP method (e.g. a POST search as a query). */
  rootType: z.enum(['Query', 'Mutation']).optional(),
  /** The root field's name. Default: the operationId in camelCase, or one made from method and path. */
  field: graphqlName.optional(),
  /** Leave the operation out of the schema. Default false. */
  skip: z.boolean().optional(),
  /** May be retried after a failure of the service (a POST search, say). Default: true for GET and HEAD, false otherwise. */
  idempotent: z.boolean().optional(),
});

/** `source.yaml` of an `openapi` source: the common keys plus these. */
export const openapiSourceSchema = baseSourceSchema.extend({
  kind: z.literal('openapi'),
  /**
   * The OpenAPI 3.0/3.1 or Swagger 2.0 document in the folder (YAML or JSON); files it references
   * with `$ref` are found from it. Default: the first of openapi.yaml, openapi.yml, openapi.json,
   * swagger.yaml, swagger.yml, swagger.json.
   */
  schema: z.string({ error: 'expected the file name of one OpenAPI document (other files are reached through $ref)' }).min(1).optional(),
  /** Largest response body accepted (`10mb`, `512kb` or bytes); a larger one is an UPSTREAM_ERROR. Default 10mb. */
  maxResponseBytes: maxResponseBytesSchema,
  /**
   * Credentials by security scheme name (`components.securitySchemes`): the key for an apiKey
   * scheme, the token for http bearer, oauth2 and openIdConnect, `{ username, password }` (or
   * `user:password`) for http basic. An empty string counts as unset. Default none.
   */
  security: z.record(z.string(), credential).default({}),
  /** Per-operation settings, keyed by operationId (or, without one, the generated name such as `getUsersById`). Default none. */
  operations: z.record(z.string(), operationOverride).default({}),
});

export type OpenapiSourceConfig = z.output<typeof openapiSourceSchema>;
