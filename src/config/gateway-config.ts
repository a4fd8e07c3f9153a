import { z } from 'zod';
import { durationSchema } from './source-config.js';
import { booleanish, expecting, numberIn, port } from './schema-helpers.js';
import { authConfigSchema, authEnvBindings } from '../auth/config.js';
import { corsConfigSchema, corsEnvBindings } from '../cors/config.js';
import { graphiqlConfigSchema, graphiqlEnvBindings } from '../graphiql/config.js';
import { csrfConfigSchema, csrfEnvBindings } from '../csrf/config.js';
import { limitsConfigSchema, limitsEnvBindings } from '../limits/config.js';
import { rateLimitConfigSchema, rateLimitEnvBindings } from '../rate-limit/config.js';
import { redisConfigSchema, redisEnvBindings } from '../redis/config.js';
import { cacheConfigSchema, cacheEnvBindings } from '../cache/config.js';
import { persistedDocumentsConfigSchema, persistedDocumentsEnvBindings } from '../persisted-documents/config.js';
import { loggingConfigSchema, loggingEnvBindings } from '../observability/logging-config.js';
import { tracingConfigSchema, tracingEnvBindings } from '../observability/tracing-config.js';
import { upstreamConfigSchema, upstreamEnvBindings } from '../upstream/upstream-config.js';
import { httpStreamsConfigSchema, httpStreamsEnvBindings } from '../transports/http-streams-config.js';
import { compressionConfigSchema, compressionEnvBindings } from '../compression/config.js';
import { websocketConfigSchema, websocketEnvBindings } from '../transports/websocket-config.js';
import { uploadsConfigSchema, uploadsEnvBindings } from '../uploads/config.js';
import { statusConfigSchema, statusEnvBindings } from '../status/config.js';
import { extensionsEnvBindings, pluginsConfigSchema, resolversConfigSchema } from '../extensions/config.js';

/**
 * `gateway.yaml`: every key is optional, defaults are here and nowhere else.
 * Environment variables (see `envBindings`) override the file.
 */
export const gatewayConfigSchema = z.strictObject({
  /** Port to listen on. Default 4000. */
  port: port.default(4000),
  /** Interface to bind. Default `0.0.0.0`. */
  host: z.string().default('0.0.0.0'),
  /** GraphiQL for browsers at /graphql: `true`, `false` or `{ enabled, defaultQuery }`. Default true. */
  graphiql: graphiqlConfigSchema.prefault({}),
  /** Answer introspection queries. Default true. */
  introspection: booleanish.default(true),
  /** Show internal error messages to clients (never in production). Default false. */
  debug: booleanish.default(false),
  /** CORS: `true` (any origin, no credentials), `false`, or `{ origins, credentials, maxAge }`. Default true. */
  cors: corsConfigSchema.prefault({}),
  logging: loggingConfigSchema.prefault({}),
  tracing: tracingConfigSchema.prefault({}),
  readiness: z
    .strictObject({
      /** How long a source may take to answer its check. Default 2s. */
      timeout: durationSchema.default(2000),
      /** How long a check result is reused before asking again. Default 1s. */
      cacheTtl: durationSchema.default(1000),
    })
    .default({ timeout: 2000, cacheTtl: 1000 }),
  shutdown: z
    .strictObject({
      /** How long in-flight requests may take to finish after SIGTERM. Default 10s. */
      grace: durationSchema.default(10_000),
    })
    .default({ grace: 10_000 }),
  execution: z
    .strictObject({
      /** Former switch of graphql-jit, which the query planner replaced; accepted and ignored. */
      jit: booleanish.optional(),
      /**
       * Plan each operation into fetches (one call per source and plan level) and assemble the
       * response in one pass. Operations the planner does not cover yet run on the standard
       * executor. `false` runs every operation on the standard executor. Default true.
       */
      planner: booleanish.default(true),
      /** How many plans are kept per schema, least recently used dropped first. Default 1000. */
      planCacheSize: numberIn({ whole: true, min: 1 }).default(1000),
      /**
       * Answer a request carrying the header `x-plexus-plan: 1` with its query plan in
       * `extensions.plan` (the description `plexus plan --json` prints). A plan shows how sources
       * are called, so it is for development and diagnosis. Default false: the header is ignored.
       */
      exposePlan: booleanish.default(false),
      /**
       * GraphQL operations the process works on at once; further requests wait their turn, oldest
       * first, before their body is read. `auto` keeps the fewest that keep the CPU busy (see
       * server/admission.ts), a number fixes the cap, 0 takes none. Default auto.
       */
      concurrency: z
        .union([z.literal('auto'), numberIn({ whole: true, min: 0 })], expecting('auto or a whole number of at least 0 (0: no cap)'))
        .default('auto'),
    })
    .default({ planner: true, planCacheSize: 1000, exposePlan: false, concurrency: 'auto' }),
  memory: z
    .strictObject({
      /**
       * How far the JavaScript heap may grow past what a full collection left alive, in percent,
       * before the next one. Default 50, which keeps a loaded gateway under 200 MB of RSS; 0 leaves
       * V8's own heuristic (up to 300%: fewer full collections, more memory).
       */
      heapGrowth: numberIn({ whole: true, min: 0, max: 1000 }).default(50),
    })
    .default({ heapGrowth: 50 }),
  auth: authConfigSchema.prefault({}),
  limits: limitsConfigSchema.prefault({}),
  rateLimit: rateLimitConfigSchema.prefault({}),
  redis: redisConfigSchema.prefault({}),
  csrf: csrfConfigSchema.prefault({}),
  cache: cacheConfigSchema.prefault({}),
  persistedDocuments: persistedDocumentsConfigSchema.prefault({}),
  upstream: upstreamConfigSchema.prefault({}),
  httpStreams: httpStreamsConfigSchema,
  compression: compressionConfigSchema.prefault({}),
  websocket: websocketConfigSchema.prefault({}),
  uploads: uploadsConfigSchema.prefault({}),
  /** The operator's page at `/status` and `/status.json` (see status-config.ts). Default off. */
  status: statusConfigSchema.prefault({}),
  /** Plugins of the project's own (see extensions-config.ts). Default none. */
  plugins: pluginsConfigSchema,
  /** Modules computing the fields declared with `@resolveWith` (see extensions-config.ts). Default none. */
  resolvers: resolversConfigSchema,
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/** Environment variable → config key path. Every variable mirrors a `gateway.yaml` key. */
export const envBindings: Record<string, readonly string[]> = {
  PORT: ['port'],
  PLEXUS_HOST: ['host'],
  PLEXUS_PLANNER: ['execution', 'planner'],
  PLEXUS_PLAN_CACHE_SIZE: ['execution', 'planCacheSize'],
  PLEXUS_EXPOSE_PLAN: ['execution', 'exposePlan'],
  PLEXUS_CONCURRENCY: ['execution', 'concurrency'],
  PLEXUS_MEMORY_HEAP_GROWTH: ['memory', 'heapGrowth'],
  ...graphiqlEnvBindings,
  PLEXUS_INTROSPECTION: ['introspection'],
  PLEXUS_DEBUG: ['debug'],
  ...loggingEnvBindings,
  ...tracingEnvBindings,
  ...corsEnvBindings,
  ...authEnvBindings,
  ...limitsEnvBindings,
  ...rateLimitEnvBindings,
  ...redisEnvBindings,
  ...csrfEnvBindings,
  ...cacheEnvBindings,
  ...persistedDocumentsEnvBindings,
  ...upstreamEnvBindings,
  ...httpStreamsEnvBindings,
  ...compressionEnvBindings,
  ...websocketEnvBindings,
  ...uploadsEnvBindings,
  ...statusEnvBindings,
  ...extensionsEnvBindings,
};
