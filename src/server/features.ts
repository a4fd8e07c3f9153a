import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { APQStore } from '@graphql-yoga/plugin-apq';
import type { FeaturePlugins, FeatureStage, YogaPlugin } from '../feature.js';
import type { Logger } from '../logger.js';
import type { PlexusMetrics } from '../metrics/metrics.js';
import type { Generations } from '../generations/generations.js';
import type { Readiness } from '../readiness/readiness.js';
import type { SchemaStatus } from '../readiness/useReadiness.js';
import type { ByteBudget } from '../upstream/byte-budget.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import type { ResponseStore } from '../cache/response-store.js';
import type { RedisGuard } from '../redis/guard.js';
import type { Tracing } from '../observability/tracing.js';
import type { LoadedPlugin } from '../extensions/load-plugins.js';
import type { StatusBoard } from '../status/status-board.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Authenticate } from '../auth/authenticate.js';
import type { OperationCost } from '../limits/operation-cost.js';
import { fieldAuthorization, tokenVerification } from '../auth/feature.js';
import { responseCache } from '../cache/feature.js';
import { requestDecompression, responseCompression } from '../compression/feature.js';
import { csrfPrevention } from '../csrf/feature.js';
import { errorCodes, executionEngine } from '../execution/feature.js';
import { projectPlugins } from '../extensions/feature.js';
import { generationSchema } from '../generations/feature.js';
import { bodySizeLimit, paramsGuard, queryLimits } from '../limits/feature.js';
import { metricsEndpoint, requestId, requestReporting } from '../observability/feature.js';
import { persistedDocuments } from '../persisted-documents/feature.js';
import { rateLimit } from '../rate-limit/feature.js';
import { readinessEndpoint } from '../readiness/feature.js';
import { redisBudget } from '../redis/feature.js';
import { statusPage } from '../status/feature.js';
import { streamingTransports } from '../transports/feature.js';
import { uploads } from '../uploads/feature.js';
import { upstreamByteBudget } from '../upstream/feature.js';
import { useAdmissionRelease } from './useAdmissionRelease.js';

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
  tracing?: Tracing;
  userPlugins: readonly LoadedPlugin[];
  /** GraphQL over SSE's single-connection mode: its reservations must survive a reload. */
  sseSingleConnection: YogaPlugin;
  renderMetrics?: () => Promise<string>;
  /** The status page's data, when `status.enabled`. */
  statusBoard?: StatusBoard;
  /** APQ registrations shared through Redis; without it each yoga server keeps its own in memory. */
  apqStore?: APQStore;
}

/** What the features of one configuration are built from: the gateway's shared parts and the configuration's own. */
export interface FeatureParts extends SharedParts {
  config: GatewayConfig;
  /** Short hash of `config`, shown by /readyz. */
  version: string;
  /** Trusted documents by id, when the configuration names a manifest. */
  manifest?: ReadonlyMap<string, string>;
  /** The configuration's token verifier; absent when `auth` is off. */
  authenticate?: Authenticate;
  /** One pricing for the cost limit and the rate limit, so that both see the same total. */
  operationCost: OperationCost;
}

/** Introspection answered only with `introspection` on. */
function introspection({ config }: { config: Pick<GatewayConfig, 'introspection'> }): FeaturePlugins {
  return config.introspection ? [] : [useDisableIntrospection()];
}

/**
 * The gateway's features in the order yoga runs their plugins, each with why it sits there. A
 * feature may stand at two positions when its plugins must (auth verifies the token early and
 * removes unauthorized fields after the cache).
 */
const FEATURES: readonly FeatureStage<FeatureParts>[] = [
  // First: an operation's admission slot is given back as soon as its answer starts.
  () => [useAdmissionRelease()],
  // Before everything: it replaces a compressed request with its decoded one, which the others key their state by.
  requestDecompression,
  // Each operation runs on its transport's generation; one without (yoga used directly) on the current one.
  generationSchema,
  // Then the request id and the request span exist before any other plugin can log or call out.
  requestId,
  // The HTTP streaming transports: ahead of metrics and logs, which count the operations, not the protocol's requests.
  streamingTransports,
  paramsGuard,
  errorCodes,
  requestReporting,
  readinessEndpoint,
  metricsEndpoint,
  statusPage,
  upstreamByteBudget,
  // Before the stores' plugins: a request's rate limit and cache calls share one Redis wait.
  redisBudget,
  // The execution engine comes first, so every plugin that wraps execution wraps the planned one.
  executionEngine,
  csrfPrevention,
  tokenVerification,
  introspection,
  persistedDocuments,
  queryLimits,
  rateLimit,
  // After auth, limits and the rate limit (a cached answer passes them all and is charged), and
  // before field authorization, which must see the operation the cache hands on.
  responseCache,
  fieldAuthorization,
  // The project's own plugins, in the order gateway.yaml lists them: after every security plugin.
  projectPlugins,
  // Last: the body limit wraps whichever request parser the plugins above chose.
  uploads,
  bodySizeLimit,
  // Last: it sees every header the others set (the response cache's ETag and 304 included).
  responseCompression,
];

/** The yoga plugins of one configuration, feature by feature. */
export function featurePlugins(parts: FeatureParts): FeaturePlugins {
  return FEATURES.flatMap((stage) => stage(parts));
}
