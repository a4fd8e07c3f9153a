import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Env } from '../config/interpolate.js';
import { buildSchema, type BuiltSchema } from '../compose/build.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type PlexusMetrics } from '../metrics/metrics.js';
import { useMetricsEndpoint } from '../plugins/useMetricsEndpoint.js';
import { useReadiness } from '../plugins/useReadiness.js';
import { useRequestMetrics } from '../plugins/useRequestMetrics.js';
import { useCsrfPrevention } from '../plugins/useCsrfPrevention.js';
import { useAuth } from '../plugins/useAuth.js';
import { useQueryLimits } from '../plugins/useQueryLimits.js';
import { useRateLimit } from '../plugins/useRateLimit.js';
import { useFieldAuthorization } from '../plugins/useFieldAuthorization.js';
import { usePersistedDocuments, DOCUMENT_ID_PARAM } from '../plugins/usePersistedDocuments.js';
import { useResponseCache } from '../plugins/useResponseCache.js';
import { prepareCaching } from '../cache/prepare.js';
import { createMemoryStore as createMemoryResponseStore } from '../cache/memory-store.js';
import { createRedisStore as createRedisResponseStore } from '../cache/redis-store.js';
import type { ResponseStore } from '../cache/response-store.js';
import { createOperationCost } from '../limits/operation-cost.js';
import { createMemoryStore } from '../rate-limit/memory-store.js';
import { createRedisStore } from '../rate-limit/redis-store.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import { connectRedis, type RedisClient } from '../redis/create-client.js';
import type { Redis } from 'ioredis';
import type { SourceKind } from '../sources/types.js';
import { createReadiness, type Readiness } from './readiness.js';
import { yogaLogger } from './yoga-logger.js';
import { createMaskError } from './mask-error.js';

export interface GatewayOptions {
  config: GatewayConfig;
  /** Absolute path of the source registry. */
  sourcesDir: string;
  /** Absolute path of the links and policies folder. */
  schemasDir: string;
  /** Base for the paths shown in messages. Default `process.cwd()`. */
  cwd?: string;
  env?: Env;
  logger?: Logger;
  metrics?: PlexusMetrics;
  kinds?: Record<string, SourceKind>;
  /** Where rate limit buckets live. Default: from `rateLimit.store`. */
  rateLimitStore?: RateLimitStore;
  /** Where the response cache keeps answers. Default: from `cache.store`. */
  responseCacheStore?: ResponseStore;
}

export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  /** Answers a request in-process (tests, adapters). */
  fetch: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>['fetch'];
  schema(): GraphQLSchema;
  metrics: PlexusMetrics;
  readiness: Readiness;
  logger: Logger;
  config: GatewayConfig;
  /** Releases upstream connections. Call after the HTTP server stopped. */
  close(): Promise<void>;
}

/** Loads the sources, composes them and builds the yoga server from Plexus's plugins. Throws ConfigurationError. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logging);
  const metrics = options.metrics ?? createMetrics();
  const built: BuiltSchema = await buildSchema({
    sourcesDir: options.sourcesDir,
    schemasDir: options.schemasDir,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    mode: 'serve',
    metrics,
    logger,
    ...(options.kinds && { kinds: options.kinds }),
  });
  for (const warning of built.warnings) logger.warn({ file: warning.file, line: warning.line }, warning.message);

  const readiness = createReadiness({
    sources: () =>
      built.sources.map((entry) => ({ name: entry.name, probe: (signal: AbortSignal) => entry.loaded.probe(signal), circuit: () => entry.resilience.circuit() })),
    timeoutMs: config.readiness.timeout,
    cacheTtlMs: config.readiness.cacheTtl,
  });

  const caching = await prepareCaching(config, built.schema, options.cwd ?? process.cwd()).catch(async (error: unknown) => {
    await built.close();
    throw error;
  });

  // One Redis connection per gateway, opened only when a store needs it, closed with the gateway.
  const needsRedis =
    (!options.rateLimitStore && config.rateLimit.enabled && config.rateLimit.store === 'redis') ||
    (!options.responseCacheStore && config.cache.enabled && config.cache.store === 'redis');
  const redis: RedisClient | undefined = needsRedis ? await connectRedis(config.redis, logger) : undefined;
  const rateLimitStore = options.rateLimitStore ?? (redis && config.rateLimit.store === 'redis' ? createRedisStore(redis) : createMemoryStore());
  // Redis Cluster with the cache store was refused by prepareCaching: the client is a single node here.
  const responseCacheStore =
    options.responseCacheStore ??
    (redis && config.cache.store === 'redis' ? createRedisResponseStore(redis as Redis, config.cache.keyPrefix) : createMemoryResponseStore(config.cache));

  const yoga = createYoga<Record<string, unknown>>({
    schema: caching.schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'Plexus' } : false,
    // GraphiQL's assets are served by the gateway itself, so the page works without outside network.
    renderGraphiQL,
    cors: corsOptions(config.cors),
    logging: yogaLogger(logger),
    maskedErrors: config.debug ? false : { maskError: createMaskError(logger) },
    maxRequestBodySize: config.limits.maxBodySize,
    batching: config.limits.maxBatchSize > 0 ? { limit: config.limits.maxBatchSize } : false,
    ...(caching.manifest && { extraParamNames: [DOCUMENT_ID_PARAM] }),
    plugins: [
      useRequestMetrics({ metrics }),
      useReadiness({ readiness }),
      useMetricsEndpoint({ registry: metrics.registry }),
      ...(config.csrf.enabled ? [useCsrfPrevention({ requestHeaders: config.csrf.requestHeaders })] : []),
      ...(config.auth.enabled ? [useAuth({ config: config.auth, logger, rejected: metrics.authRejected })] : []),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      usePersistedDocuments({ config: config.persistedDocuments, ...(caching.manifest && { manifest: caching.manifest }) }),
      useQueryLimits({ config: config.limits, rejected: metrics.queryRejected }),
      ...(config.rateLimit.enabled
        ? [
            useRateLimit({
              config: config.rateLimit,
              store: rateLimitStore,
              cost: createOperationCost(),
              logger,
              rateLimited: metrics.rateLimited,
              storeErrors: metrics.rateLimitStoreErrors,
            }),
          ]
        : []),
      // Before every plugin that wraps execution (cache, field authorization): it replaces the executor.
      // After auth, limits and the rate limit (a cached answer passes them all and is charged), and
      // before field authorization, which must see the operation the cache hands on.
      ...(config.cache.enabled
        ? [
            useResponseCache({
              config: config.cache,
              store: responseCacheStore,
              logger,
              hits: metrics.responseCacheHits,
              misses: metrics.responseCacheMisses,
              storeErrors: metrics.responseCacheStoreErrors,
            }),
          ]
        : []),
      useFieldAuthorization(),
    ],
  });

  return {
    yoga,
    fetch: yoga.fetch,
    schema: () => built.schema,
    metrics,
    readiness,
    logger,
    config,
    async close() {
      await built.close();
      redis?.disconnect();
    },
  };
}

function corsOptions(cors: GatewayConfig['cors']) {
  if (cors === true) return undefined;
  if (cors === false) return false;
  return {
    origin: cors.origin,
    credentials: cors.credentials,
    ...(cors.maxAge !== undefined && { maxAge: cors.maxAge }),
  };
}
