import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Env } from '../config/interpolate.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type PlexusMetrics } from '../metrics/metrics.js';
import { useMetricsEndpoint } from '../plugins/useMetricsEndpoint.js';
import { useConditionalSelections } from '../plugins/useConditionalSelections.js';
import { usePlannedExecution } from '../plugins/usePlannedExecution.js';
import { useIncrementalDelivery } from '../plugins/useIncrementalDelivery.js';
import { useTokenExpiry } from '../plugins/useTokenExpiry.js';
import { useReadiness, type SchemaStatus } from '../plugins/useReadiness.js';
import { useRequestMetrics } from '../plugins/useRequestMetrics.js';
import { useRequestId } from '../plugins/useRequestId.js';
import { useRequestLogging } from '../plugins/useRequestLogging.js';
import { useTracing } from '../plugins/useTracing.js';
import { createTracing } from '../observability/tracing.js';
import { useCsrfPrevention } from '../plugins/useCsrfPrevention.js';
import { useAuth } from '../plugins/useAuth.js';
import { useGenerationSchema } from '../plugins/useGenerationSchema.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { useQueryLimits } from '../plugins/useQueryLimits.js';
import { useInputLimits } from '../plugins/useInputLimits.js';
import { useRateLimit } from '../plugins/useRateLimit.js';
import { useFieldAuthorization } from '../plugins/useFieldAuthorization.js';
import { usePersistedDocuments, DOCUMENT_ID_PARAM } from '../plugins/usePersistedDocuments.js';
import { useResponseCache } from '../plugins/useResponseCache.js';
import { useUpstreamByteBudget } from '../plugins/useUpstreamByteBudget.js';
import { useParamsGuard } from '../plugins/useParamsGuard.js';
import { useErrorCodes } from '../plugins/useErrorCodes.js';
import { isMultipartRequest, useUploads } from '../plugins/useUploads.js';
import { useBodySizeLimit } from '../plugins/useBodySizeLimit.js';
import { useSseSingleConnection } from '../plugins/useSseSingleConnection.js';
import { useMultipartSubscriptions } from '../plugins/useMultipartSubscriptions.js';
import { useTransportRefusal } from '../plugins/useTransportRefusal.js';
import { useRequestDecompression } from '../plugins/useRequestDecompression.js';
import { useResponseCompression } from '../plugins/useResponseCompression.js';
import { availableEncodings } from '../compression/encoders.js';
import { createByteBudget } from '../upstream/byte-budget.js';
import { prepareCaching } from '../cache/prepare.js';
import { createMemoryStore as createMemoryResponseStore } from '../cache/memory-store.js';
import { createRedisStore as createRedisResponseStore } from '../cache/redis-store.js';
import type { ResponseStore } from '../cache/response-store.js';
import { createOperationCost } from '../limits/operation-cost.js';
import { corsOptions } from '../cors/cors-options.js';
import { createMemoryStore } from '../rate-limit/memory-store.js';
import { createRedisStore } from '../rate-limit/redis-store.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import { connectRedis, type RedisClient } from '../redis/create-client.js';
import { createRedisGuard } from '../redis/guard.js';
import { useRedisBudget } from '../plugins/useRedisBudget.js';
import type { Redis } from 'ioredis';
import type { SourceKind } from '../sources/types.js';
import { createReadiness, type Readiness } from './readiness.js';
import { createGenerations, type Generation } from './generations.js';
import { createCacheFastPath } from './cache-fast-path.js';
import { loadGeneration } from './load-generation.js';
import { createSchemaReload, type ReloadResult } from './schema-reload.js';
import { yogaLogger } from './yoga-logger.js';
import { createMaskError } from './mask-error.js';
import { graphiqlOptions, renderGraphiQLPage } from './graphiql-page.js';
import { createWebSocketTransport } from './websocket/websocket-transport.js';
import { loadPlugins } from '../extensions/load-plugins.js';
import { useUserPlugin } from '../plugins/useUserPlugin.js';
import { loadResolvers, type ResolverSet } from '../computed/resolver-modules.js';
import { useStatusPage } from '../plugins/useStatusPage.js';
import { createTrafficRecorder, withTrafficRecorder } from '../status/traffic-recorder.js';
import { createStatusBoard, type StatusBoard } from '../status/status-board.js';
import { configVersion } from '../status/config-version.js';

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
  /** The configuration's version on the status page. Default: a hash of `config` (secrets left out). */
  configVersion?: () => string;
}

/** What the HTTP layer hands yoga with each request: the generation it runs on, for its whole life. */
export interface GatewayServerContext {
  generation?: Generation;
}

export interface Gateway {
  yoga: YogaServerInstance<GatewayServerContext, {}>;
  /** The Node.js request listener: each request runs on the schema current when it arrived. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** The Node.js `upgrade` listener: GraphQL over WebSocket on `/graphql`, a plain HTTP refusal for any other upgrade. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the WebSocket connections with 1001, letting running queries and mutations end within `graceMs`. */
  drainWebSockets(graceMs: number): Promise<void>;
  /** Answers a request in-process (tests, adapters). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The schema new requests run on. */
  schema(): GraphQLSchema;
  /** Version and load time of the schema new requests run on. */
  schemaStatus(): SchemaStatus;
  /**
   * Rebuilds the schema from the files and swaps it in; on failure keeps serving the last good one.
   * Requests already running finish on the schema they started with. Never throws.
   */
  reload(): Promise<ReloadResult>;
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
  const cwd = options.cwd ?? process.cwd();
  // One budget for every generation's sources: a reload does not reset what requests hold.
  const byteBudget = createByteBudget(config.upstream.maxBytesInFlight);
  metrics.watchBytesInFlight(() => byteBudget.inFlight);
  // The project's own modules are imported once per gateway: a schema reload keeps them.
  const userPlugins = await loadPlugins(config.plugins, cwd);
  const resolvers: ResolverSet | undefined = config.resolvers.length > 0 ? await loadResolvers(config.resolvers, cwd) : undefined;
  // The status page's rolling window is fed where upstream calls are recorded; without the page, nothing is kept.
  const traffic = config.status.enabled ? createTrafficRecorder({ windowMs: config.status.window }) : undefined;
  const upstreamMetrics = traffic ? withTrafficRecorder(metrics, traffic) : metrics;
  const load = () =>
    loadGeneration({
      ...(resolvers && { resolvers }),
      config,
      sourcesDir: options.sourcesDir,
      schemasDir: options.schemasDir,
      cwd,
      env: options.env ?? process.env,
      metrics: upstreamMetrics,
      logger,
      byteBudget,
      ...(options.kinds && { kinds: options.kinds }),
    });
  const first = await load();
  for (const warning of first.warnings) logger.warn({ file: warning.file, line: warning.line }, warning.message);
  const generations = createGenerations(first, logger);
  const reloadSchema = createSchemaReload({ load, generations, logger });
  const schemaStatus = (): SchemaStatus => {
    const { version, loadedAt } = generations.current();
    return { version, loadedAt: loadedAt.toISOString() };
  };

  const readiness = createReadiness({
    sources: () =>
      generations.current().sources.map((entry) => ({ name: entry.name, probe: (signal: AbortSignal) => entry.loaded.probe(signal), circuit: () => entry.resilience.circuit() })),
    timeoutMs: config.readiness.timeout,
    cacheTtlMs: config.readiness.cacheTtl,
  });

  let statusBoard: StatusBoard | undefined;
  if (traffic) {
    const staticVersion = configVersion(config);
    statusBoard = createStatusBoard({
      recorder: traffic,
      generation: () => generations.current(),
      readiness,
      configVersion: options.configVersion ?? (() => staticVersion),
      refreshMs: config.status.refresh,
    });
    if (config.status.token === undefined) logger.warn('the status page (/status) is on without status.token: anyone who reaches the port can read it');
  }
  const reload = async (): Promise<ReloadResult> => {
    const result = await reloadSchema();
    statusBoard?.noteReload(result);
    return result;
  };

  const caching = await prepareCaching(config, cwd).catch(async (error: unknown) => {
    await generations.close();
    throw error;
  });

  // One Redis connection per gateway, opened only when a store needs it, closed with the gateway.
  const needsRedis =
    (!options.rateLimitStore && config.rateLimit.enabled && config.rateLimit.store === 'redis') ||
    (!options.responseCacheStore && config.cache.enabled && config.cache.store === 'redis');
  const redis: RedisClient | undefined = needsRedis ? await connectRedis(config.redis, logger) : undefined;
  // Every Redis store calls through one guard, so that a silent Redis is noticed and held back once for all.
  const redisGuard = redis && createRedisGuard({ client: redis, config: config.redis, logger, metrics });
  const rateLimitStore =
    options.rateLimitStore ?? (redis && redisGuard && config.rateLimit.store === 'redis' ? createRedisStore(redis, redisGuard) : createMemoryStore());
  // Redis Cluster with the cache store was refused by prepareCaching: the client is a single node here.
  const responseCacheStore =
    options.responseCacheStore ??
    (redisGuard && config.cache.store === 'redis'
      ? createRedisResponseStore(redis as Redis, config.cache.keyPrefix, redisGuard)
      : createMemoryResponseStore(config.cache));

  // One pricing for the cost limit and the rate limit, so that both see the same total.
  const operationCost = createOperationCost({ listItemCost: config.limits.listItemCost, maxInputDepth: config.limits.maxInputDepth });

  // Built once per gateway and never registered globally; absent (no tracer at all) when tracing is off.
  const tracing = config.tracing.enabled ? createTracing(config.tracing) : undefined;

  // Operations of a single-connection SSE stream take the gateway's whole request path again.
  const handleOperation = (request: Request, context: Record<string, unknown>): Promise<Response> => Promise.resolve(yoga.handleRequest(request, context as GatewayServerContext));
  const holdGeneration = () => {
    const lease = generations.acquire();
    return { context: { generation: lease.generation }, release: lease.release };
  };
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
    ...(caching.manifest && { extraParamNames: [DOCUMENT_ID_PARAM] }),
    plugins: [
      // Before everything: it replaces a compressed request with its decoded one, which the others key their state by.
      ...(config.compression.enabled ? [useRequestDecompression({ maxBodySize: config.limits.maxBodySize })] : []),
      // Each operation runs on its transport's generation; one without (yoga used directly) on the current one.
      useGenerationSchema({ generations }),
      // Then the request id and the request span exist before any other plugin can log or call out.
      useRequestId(),
      // The HTTP streaming transports: ahead of metrics and logs, which count the operations, not the protocol's requests.
      useSseSingleConnection({ config: config.httpStreams, credentialsHeader: config.auth.header, trustedProxies: config.rateLimit.trustedProxies, handle: handleOperation, hold: holdGeneration }),
      useMultipartSubscriptions({ heartbeatMs: config.httpStreams.heartbeat, logger }),
      useTransportRefusal(),
      useParamsGuard(),
      useErrorCodes(),
      ...(tracing ? [useTracing({ tracer: tracing.tracer })] : []),
      ...(config.logging.requests ? [useRequestLogging({ logger })] : []),
      useRequestMetrics({ metrics }),
      useReadiness({ readiness, schema: schemaStatus }),
      useMetricsEndpoint({ registry: metrics.registry }),
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
      usePersistedDocuments({ config: config.persistedDocuments, ...(caching.manifest && { manifest: caching.manifest }) }),
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

  // Only over a store of its own: entries another gateway wrote passed that gateway's checks, not this one's.
  // Nor with plugins of the project's own: a hit answered there would skip their hooks.
  const fastPath = options.responseCacheStore || userPlugins.length > 0
    ? undefined
    : createCacheFastPath({ config, store: responseCacheStore, schema: () => generations.current().schema, metrics, logger });
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const lease = generations.acquire();
    // 'close' also fires when the client goes away, and after a streamed response's last byte.
    response.once('close', lease.release);
    void yoga.handle(request, response, { generation: lease.generation });
  };

  const websocket = createWebSocketTransport({
    yoga,
    generations,
    config,
    logger,
    metrics,
    ...(authenticate && { authenticate }),
    ...(redisGuard && { operationContext: () => ({ redisBudget: redisGuard.budget() }) }),
  });

  return {
    yoga,
    upgrade: websocket.upgrade,
    drainWebSockets: websocket.drain,
    handle(request, response) {
      if (fastPath) fastPath(request, response, () => serve(request, response));
      else serve(request, response);
    },
    async fetch(input, init) {
      const lease = generations.acquire();
      try {
        const request = input instanceof Request ? input : new Request(input, init);
        return await yoga.handleRequest(request, { generation: lease.generation });
      } finally {
        lease.release();
      }
    },
    schema: () => generations.current().schema,
    schemaStatus,
    reload,
    metrics,
    readiness,
    logger,
    config,
    async close() {
      await generations.close();
      redisGuard?.close();
      redis?.disconnect();
      await tracing?.shutdown();
    },
  };
}
