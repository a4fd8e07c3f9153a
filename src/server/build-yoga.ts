import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../logger.js';
import type { PlexusMetrics } from '../metrics/metrics.js';
import { useMetricsEndpoint } from '../observability/useMetricsEndpoint.js';
import { useConditionalSelections } from '../execution/useConditionalSelections.js';
import { usePlannedExecution } from '../execution/usePlannedExecution.js';
import { useIncrementalDelivery } from '../execution/useIncrementalDelivery.js';
import { useTokenExpiry } from '../auth/useTokenExpiry.js';
import { useReadiness, type SchemaStatus } from '../readiness/useReadiness.js';
import { useRequestMetrics } from '../observability/useRequestMetrics.js';
import { useRequestId } from '../observability/useRequestId.js';
import { useRequestLogging } from '../observability/useRequestLogging.js';
import { useTracing } from '../observability/useTracing.js';
import type { createTracing } from '../observability/tracing.js';
import { useCsrfPrevention } from '../csrf/useCsrfPrevention.js';
import { useAuth } from '../auth/useAuth.js';
import { useGenerationSchema } from '../generations/useGenerationSchema.js';
import { createAuthenticator, type Authenticate } from '../auth/authenticate.js';
import { useQueryLimits } from '../limits/useQueryLimits.js';
import { useInputLimits } from '../limits/useInputLimits.js';
import { useRateLimit } from '../rate-limit/useRateLimit.js';
import { useFieldAuthorization } from '../auth/useFieldAuthorization.js';
import { usePersistedDocuments, DOCUMENT_ID_PARAM } from '../persisted-documents/usePersistedDocuments.js';
import { useResponseCache } from '../cache/useResponseCache.js';
import { useUpstreamByteBudget } from '../upstream/useUpstreamByteBudget.js';
import { useParamsGuard } from '../limits/useParamsGuard.js';
import { useErrorCodes } from '../execution/useErrorCodes.js';
import { isMultipartRequest, useUploads } from '../uploads/useUploads.js';
import { useBodySizeLimit } from '../limits/useBodySizeLimit.js';
import { useMultipartSubscriptions } from '../transports/useMultipartSubscriptions.js';
import { useTransportRefusal } from '../transports/useTransportRefusal.js';
import { useRequestDecompression } from '../compression/useRequestDecompression.js';
import { useResponseCompression } from '../compression/useResponseCompression.js';
import { availableEncodings } from '../compression/encoders.js';
import type { ByteBudget } from '../upstream/byte-budget.js';
import type { ResponseStore } from '../cache/response-store.js';
import { createOperationCost } from '../limits/operation-cost.js';
import { corsOptions } from '../cors/cors-options.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import type { RedisGuard } from '../redis/guard.js';
import { useRedisBudget } from '../redis/useRedisBudget.js';
import { useUserPlugin } from '../extensions/useUserPlugin.js';
import type { LoadedPlugin } from '../extensions/load-plugins.js';
import type { Readiness } from '../readiness/readiness.js';
import type { Generations } from '../generations/generations.js';
import type { GatewayServerContext } from './gateway.js';
import { yogaLogger } from './yoga-logger.js';
import { createMaskError } from './mask-error.js';
import { graphiqlOptions, renderGraphiQLPage } from '../graphiql/graphiql-page.js';
import type { APQStore } from '@graphql-yoga/plugin-apq';
import { useStatusPage } from '../status/useStatusPage.js';
import type { StatusBoard } from '../status/status-board.js';

/** What every configuration of one gateway shares: made once at start, kept across reloads. */
export interface SharedParts {
  generations: Generations;
  logger: Logger;
  metrics: PlexusMetrics;
  readiness: Readiness;
  schemaStatus: () => SchemaStatus;
  byteBudget: ByteBudget;
  rateLimitStore: RateLimitStore;
  responseCacheStore: ResponseStore;
  redisGuard?: RedisGuard;
  tracing?: ReturnType<typeof createTracing>;
  userPlugins: readonly LoadedPlugin[];
  /** GraphQL over SSE's single-connection mode: its reservations must survive a reload. */
  sseSingleConnection: Plugin;
  renderMetrics?: () => Promise<string>;
  /** The status page's data, when `status.enabled`. */
  statusBoard?: StatusBoard;
  /** APQ registrations shared through Redis; without it each yoga server keeps its own in memory. */
  apqStore?: APQStore;
}

/** A yoga server built from one configuration, with the verifier its auth plugin uses. */
export interface ConfiguredYoga {
  yoga: YogaServerInstance<GatewayServerContext, {}>;
  /** Absent when `auth` is off. */
  authenticate?: Authenticate;
}

export interface BuildYogaOptions {
  config: GatewayConfig;
  /** Short hash of `config`, shown by /readyz. */
  version: string;
  /** Trusted documents by id, when the configuration names a manifest. */
  manifest?: ReadonlyMap<string, string>;
  shared: SharedParts;
}

/**
 * Builds the yoga server of one configuration from Plexus's plugins. A reload of gateway.yaml builds
 * another and swaps it in with the schema, so that a request sees one configuration from start to end.
 */
export function buildYoga({ config, version, manifest, shared }: BuildYogaOptions): ConfiguredYoga {
  const { generations, logger, metrics, readiness, schemaStatus, byteBudget, rateLimitStore, responseCacheStore, redisGuard, tracing, userPlugins, renderMetrics, apqStore, statusBoard } = shared;
  // One pricing for the cost limit and the rate limit, so that both see the same total.
  const operationCost = createOperationCost({ listItemCost: config.limits.listItemCost, maxInputDepth: config.limits.maxInputDepth });
  // One verifier (and key set cache) for HTTP requests and WebSocket connections.
  const authenticate = config.auth.enabled ? createAuthenticator({ config: config.auth, logger, rejected: metrics.authRejected }) : undefined;

  const yoga = createYoga<GatewayServerContext>({
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: config.graphiql.enabled ? graphiqlOptions(config.graphiql) : false,
    // GraphiQL's assets are served by the gateway itself, so the page works without outside network.
    renderGraphiQL: renderGraphiQLPage,
    cors: corsOptions(config.cors),
    logging: yogaLogger(logger),
    maskedErrors: config.debug ? false : { maskError: createMaskError(logger) },
    // With uploads on, useBodySizeLimit applies limits.maxBodySize to all but multipart bodies,
    // which useUploads limits by its own keys; yoga's parser would hold every file in memory.
    maxRequestBodySize: config.uploads.enabled ? false : config.limits.maxBodySize,
    multipart: false,
    batching: config.limits.maxBatchSize > 0 ? { limit: config.limits.maxBatchSize } : false,
    ...(manifest && { extraParamNames: [DOCUMENT_ID_PARAM] }),
    plugins: [
      // Before everything: it replaces a compressed request with its decoded one, which the others key their state by.
      ...(config.compression.enabled ? [useRequestDecompression({ maxBodySize: config.limits.maxBodySize })] : []),
      // Each operation runs on its transport's generation; one without (yoga used directly) on the current one.
      useGenerationSchema({ generations }),
      // Then the request id and the request span exist before any other plugin can log or call out.
      useRequestId(),
      // The HTTP streaming transports: ahead of metrics and logs, which count the operations, not the protocol's requests.
      // One instance for every configuration: its reserved streams outlive a reload.
      shared.sseSingleConnection,
      useMultipartSubscriptions({ heartbeatMs: config.httpStreams.heartbeat, logger }),
      useTransportRefusal(),
      useParamsGuard(),
      useErrorCodes(),
      ...(tracing ? [useTracing({ tracer: tracing.tracer })] : []),
      ...(config.logging.requests ? [useRequestLogging({ logger })] : []),
      useRequestMetrics({ metrics }),
      useReadiness({ readiness, schema: schemaStatus, configVersion: () => version }),
      useMetricsEndpoint({ registry: metrics.registry, ...(renderMetrics && { render: renderMetrics }) }),
      ...(statusBoard ? [useStatusPage({ board: statusBoard, ...(config.status.token !== undefined && { token: config.status.token }) })] : []),
      useUpstreamByteBudget({ budget: byteBudget }),
      // Before the stores' plugins: a request's rate limit and cache calls share one Redis wait.
      ...(redisGuard ? [useRedisBudget({ guard: redisGuard })] : []),
      // The execution engine comes first, so every plugin that wraps execution wraps the planned one.
      useConditionalSelections(),
      // Wraps the standard executor above: what the planner does not cover yet runs on it.
      ...(config.execution.planner ? [usePlannedExecution({ cacheSize: config.execution.planCacheSize, exposePlan: config.execution.exposePlan, plans: metrics.queryPlans })] : []),
      // Wraps the engine: only clients that read incremental answers get @defer and @stream.
      useIncrementalDelivery(),
      ...(config.csrf.enabled ? [useCsrfPrevention({ requestHeaders: config.csrf.requestHeaders })] : []),
      ...(authenticate ? [useAuth({ authenticate }), useTokenExpiry({ clockToleranceMs: config.auth.clockTolerance })] : []),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      usePersistedDocuments({ config: config.persistedDocuments, ...(manifest && { manifest }), ...(apqStore && { apqStore }) }),
      useQueryLimits({ config: config.limits, rejected: metrics.queryRejected }),
      useInputLimits({ config: config.limits, cost: operationCost, rejected: metrics.queryRejected }),
      ...(config.rateLimit.enabled
        ? [
            useRateLimit({
              config: config.rateLimit,
              store: rateLimitStore,
              cost: operationCost,
              logger,
              rateLimited: metrics.rateLimited,
              storeErrors: metrics.rateLimitStoreErrors,
            }),
          ]
        : []),
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
      // The project's own plugins, in the order gateway.yaml lists them: after every security plugin.
      ...userPlugins.map(({ plugin, module }) => useUserPlugin({ plugin, module, logger })),
      // Last: the body limit wraps whichever request parser the plugins above chose.
      ...(config.uploads.enabled
        ? [
            useUploads({ config: config.uploads, maxFieldSize: config.limits.maxBodySize }),
            useBodySizeLimit({ maxBytes: config.limits.maxBodySize, except: isMultipartRequest }),
          ]
        : []),
      // Last: it sees every header the others set (the response cache's ETag and 304 included).
      ...(config.compression.enabled ? [useResponseCompression({ encodings: availableEncodings(config.compression.encodings), threshold: config.compression.threshold })] : []),
    ],
  });
  return { yoga, ...(authenticate && { authenticate }) };
}
