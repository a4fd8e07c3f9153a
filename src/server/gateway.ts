import { performance } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Env } from '../config/interpolate.js';
import { configVersion } from '../config/reloaded-config.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type PlexusMetrics } from '../metrics/metrics.js';
import type { SchemaStatus } from '../readiness/useReadiness.js';
import { createTracing } from '../observability/tracing.js';
import { useSseSingleConnection } from '../transports/useSseSingleConnection.js';
import { createByteBudget } from '../upstream/byte-budget.js';
import { trustedDocuments } from '../persisted-documents/manifest.js';
import type { ResponseStore } from '../cache/response-store.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import type { SourceKind } from '../sources/types.js';
import type { SourceEntry } from '../sources/registry.js';
import { createReadiness, type Readiness } from '../readiness/readiness.js';
import { createGenerations, type Generation } from '../generations/generations.js';
import { createCacheFastPath } from '../cache/fast-path.js';
import { loadGeneration } from './load-generation.js';
import type { ReloadResult } from '../generations/schema-reload.js';
import type { ReloadSummary } from '../generations/reload-summary.js';
import { buildYoga, type SharedParts } from './build-yoga.js';
import type { GatewayServerContext } from './server-context.js';
import { openStores } from './stores.js';
import { Runtimes, type Runtime } from './runtimes.js';
import { createReloads } from './reloads.js';
import { createWebSocketTransport } from '../transports/websocket/websocket-transport.js';
import { loadPlugins, upstreamHooksOf } from '../extensions/load-plugins.js';
import { loadResolvers, type ResolverSet } from '../computed/resolver-modules.js';
import { createTrafficRecorder, withTrafficRecorder } from '../status/traffic-recorder.js';
import { createStatusBoard, type StatusBoard } from '../status/status-board.js';
import { createAdmission, isOperationRequest } from './admission.js';

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
  /** What GET /metrics serves instead of this gateway's registry (a cluster worker: the fleet's sum). Default: the registry. */
  renderMetrics?: () => Promise<string>;
  kinds?: Record<string, SourceKind>;
  /**
   * Reads gateway.yaml again (with the environment and flags), for `reload()`. Default: none, and a
   * reload keeps the configuration the gateway started with. Throws ConfigurationError.
   */
  readConfig?: () => Promise<GatewayConfig>;
  /** Where rate limit buckets live. Default: from `rateLimit.store`. */
  rateLimitStore?: RateLimitStore;
  /** Where the response cache keeps answers. Default: from `cache.store`. */
  responseCacheStore?: ResponseStore;
  /** The configuration's version on the status page. Default: a hash of `config` (secrets left out). */
  configVersion?: () => string;
}

export type { GatewayServerContext };

export interface Gateway {
  /** The yoga server of the configuration new requests run with. */
  readonly yoga: YogaServerInstance<GatewayServerContext, {}>;
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
  /** Short hash of the configuration new requests run with (shown by /readyz as `configVersion`). */
  configVersion(): string;
  /**
   * Reads gateway.yaml and the trusted documents again (with `readConfig`), rebuilds the schema from
   * the files and swaps both in at once; on failure keeps serving the last good ones. Requests
   * already running finish on the configuration and schema they started with. Never throws.
   */
  reload(): Promise<ReloadResult>;
  /** What the last reload did (config keys, sources, schema changes); undefined before the first. */
  lastReload(): ReloadSummary | undefined;
  metrics: PlexusMetrics;
  readiness: Readiness;
  logger: Logger;
  /** The configuration new requests run with. */
  readonly config: GatewayConfig;
  /** Releases upstream connections. Call after the HTTP server stopped. */
  close(): Promise<void>;
}

/** Loads the sources, composes them and builds the yoga server from Plexus's plugins. Throws ConfigurationError. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const startConfig = options.config;
  const logger = options.logger ?? createLogger(startConfig.logging);
  const metrics = options.metrics ?? createMetrics();
  const cwd = options.cwd ?? process.cwd();
  // One budget for every generation's sources: a reload does not reset what requests hold.
  const byteBudget = createByteBudget(startConfig.upstream.maxBytesInFlight);
  metrics.watchBytesInFlight(() => byteBudget.inFlight);
  // The project's own modules are imported once per gateway: a schema reload keeps them.
  const userPlugins = await loadPlugins(startConfig.plugins, cwd);
  const upstreamHooks = upstreamHooksOf(userPlugins);
  const resolvers: ResolverSet | undefined = startConfig.resolvers.length > 0 ? await loadResolvers(startConfig.resolvers, cwd) : undefined;
  // The status page's rolling window is fed where upstream calls are recorded; without the page, nothing is kept.
  const traffic = startConfig.status.enabled ? createTrafficRecorder({ windowMs: startConfig.status.window }) : undefined;
  const upstreamMetrics = traffic ? withTrafficRecorder(metrics, traffic) : metrics;
  const loadWith = (config: GatewayConfig, previousSources?: readonly SourceEntry[]) =>
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
      upstreamHooks,
      ...(options.kinds && { kinds: options.kinds }),
      ...(previousSources && { previousSources }),
    });
  const first = await loadWith(startConfig);
  for (const warning of first.warnings) logger.warn({ file: warning.file, line: warning.line }, warning.message);
  const generations = createGenerations(first, logger);
  // The configuration each generation is served with: a reload swaps both at once.
  const runtimes = new Runtimes();
  const runtimeOf = (generation: Generation): Runtime => runtimes.of(generation);
  const schemaStatus = (): SchemaStatus => {
    const { version, loadedAt } = generations.current();
    return { version, loadedAt: loadedAt.toISOString() };
  };

  const readiness = createReadiness({
    sources: () =>
      generations
        .current()
        .sources.map((entry) => ({ name: entry.name, probe: (signal: AbortSignal) => entry.loaded.probe(signal), circuit: () => entry.resilience.circuit() })),
    timeoutMs: startConfig.readiness.timeout,
    cacheTtlMs: startConfig.readiness.cacheTtl,
  });

  // The status page shows the configuration the current generation runs with.
  let statusBoard: StatusBoard | undefined;
  if (traffic) {
    statusBoard = createStatusBoard({
      recorder: traffic,
      generation: () => generations.current(),
      readiness,
      configVersion: options.configVersion ?? (() => runtimeOf(generations.current()).version),
      lastReload: () => reloads.last(),
      refreshMs: startConfig.status.refresh,
    });
    if (startConfig.status.token === undefined) logger.warn('the status page (/status) is on without status.token: anyone who reaches the port can read it');
  }

  const config = startConfig;
  // Checked before any connection opens; each reload checks its configuration again.
  await trustedDocuments(config, cwd).catch(async (error: unknown) => {
    await generations.close();
    throw error;
  });

  // One Redis connection per gateway, opened only when a store needs it, closed with the gateway.
  const { rateLimitStore, responseCacheStore, apqStore, redis, redisGuard } = await openStores(config, options, logger, metrics);

  // Built once per gateway and never registered globally; absent (no tracer at all) when tracing is off.
  const tracing = config.tracing.enabled ? createTracing(config.tracing) : undefined;

  // Operations of a single-connection SSE stream take the gateway's whole request path again, on their generation's configuration.
  const handleOperation = (request: Request, context: Record<string, unknown>): Promise<Response> => {
    const generation = (context as GatewayServerContext).generation ?? generations.current();
    return Promise.resolve(runtimeOf(generation).yoga.handleRequest(request, context as GatewayServerContext));
  };
  const holdGeneration = () => {
    const lease = generations.acquire();
    return { context: { generation: lease.generation }, release: lease.release };
  };

  const shared: SharedParts = {
    generations,
    logger,
    metrics,
    readiness,
    schemaStatus,
    byteBudget,
    rateLimitStore,
    responseCacheStore,
    userPlugins,
    sseSingleConnection: useSseSingleConnection({
      config: config.httpStreams,
      credentialsHeader: config.auth.header,
      trustedProxies: config.rateLimit.trustedProxies,
      handle: handleOperation,
      hold: holdGeneration,
    }),
    ...(redisGuard && { redisGuard }),
    ...(apqStore && { apqStore }),
    ...(tracing && { tracing }),
    ...(options.renderMetrics && { renderMetrics: options.renderMetrics }),
    ...(statusBoard && { statusBoard }),
  };
  const buildRuntime = async (runtimeConfig: GatewayConfig): Promise<Runtime> => {
    const manifest = await trustedDocuments(runtimeConfig, cwd);
    const version = configVersion(runtimeConfig);
    const built = buildYoga({ config: runtimeConfig, version, ...(manifest && { manifest }), shared });
    // Only over a store of its own: entries another gateway wrote passed that gateway's checks, not this one's.
    // Nor with plugins of the project's own: a hit answered there would skip their hooks.
    const fastPath =
      options.responseCacheStore || userPlugins.some(({ plugin }) => plugin)
        ? undefined
        : createCacheFastPath({ config: runtimeConfig, store: responseCacheStore, schema: () => generations.current().schema, metrics, logger });
    return { config: runtimeConfig, version, ...built, ...(fastPath && { fastPath }) };
  };
  try {
    const runtime = await buildRuntime(config);
    runtimes.set(first, runtime);
    runtimes.latest = runtime;
  } catch (error) {
    await generations.close();
    redisGuard?.close();
    redis?.disconnect();
    throw error;
  }

  const reloads = createReloads({
    generations,
    runtimes,
    logger,
    metrics,
    buildRuntime,
    loadGeneration: loadWith,
    ...(options.readConfig && { readConfig: options.readConfig }),
  });

  const serveNow = (request: IncomingMessage, response: ServerResponse, leave?: () => void, receivedAt?: number) => {
    const lease = generations.acquire();
    // 'close' also fires when the client goes away, and after a streamed response's last byte.
    response.once('close', lease.release);
    void runtimeOf(lease.generation).yoga.handle(request, response, {
      generation: lease.generation,
      ...(leave && { leave }),
      ...(receivedAt !== undefined && { receivedAt }),
    });
  };
  const admission = createAdmission({ setting: () => runtimes.latest.config.execution.concurrency });
  // Operations take their turn; probes, metrics and pages never wait behind them.
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    if (!isOperationRequest(request)) return serveNow(request, response);
    const receivedAt = performance.now();
    const withdraw = admission.enter((leave) => {
      // A client that went away while waiting is not served; the slot passes on.
      if (response.destroyed || response.socket?.destroyed !== false) return leave();
      response.once('close', leave);
      serveNow(request, response, leave, receivedAt);
    });
    if (withdraw) response.once('close', withdraw);
  };
  metrics.watchAdmission(() => admission);

  const websocket = createWebSocketTransport({
    yoga: runtimes.of(first).yoga,
    yogaFor: (generation) => runtimeOf(generation).yoga,
    generations,
    config,
    logger,
    metrics,
    // The verifier of the configuration served now: a reload of the auth keys applies to new connections.
    authenticate: (headers) => runtimeOf(generations.current()).authenticate?.(headers) ?? Promise.resolve(undefined),
    ...(redisGuard && { operationContext: () => ({ redisBudget: redisGuard.budget() }) }),
  });

  return {
    get yoga() {
      return runtimeOf(generations.current()).yoga;
    },
    upgrade: websocket.upgrade,
    drainWebSockets: websocket.drain,
    handle(request, response) {
      const { fastPath } = runtimeOf(generations.current());
      if (fastPath) fastPath(request, response, () => serve(request, response));
      else serve(request, response);
    },
    async fetch(input, init) {
      const lease = generations.acquire();
      try {
        const request = input instanceof Request ? input : new Request(input, init);
        return await runtimeOf(lease.generation).yoga.handleRequest(request, { generation: lease.generation });
      } finally {
        lease.release();
      }
    },
    schema: () => generations.current().schema,
    schemaStatus,
    configVersion: () => runtimeOf(generations.current()).version,
    reload: reloads.reload,
    lastReload: reloads.last,
    metrics,
    readiness,
    logger,
    get config() {
      return runtimeOf(generations.current()).config;
    },
    async close() {
      admission.close();
      await generations.close();
      redisGuard?.close();
      redis?.disconnect();
      await tracing?.shutdown();
    },
  };
}
