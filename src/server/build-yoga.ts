import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from '../config/gateway-config.js';
import { createAuthenticator, type Authenticate } from '../auth/authenticate.js';
import { createOperationCost } from '../limits/operation-cost.js';
import { corsOptions } from '../cors/cors-options.js';
import { DOCUMENT_ID_PARAM } from '../persisted-documents/usePersistedDocuments.js';
import { graphiqlOptions, renderGraphiQLPage } from '../graphiql/graphiql-page.js';
import type { GatewayServerContext } from './server-context.js';
import { featurePlugins, type SharedParts } from './features.js';
import { yogaLogger } from './yoga-logger.js';
import { createMaskError } from './mask-error.js';

export type { SharedParts };

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
 * Builds the yoga server of one configuration from the gateway's features (see features.ts). A reload of gateway.yaml builds
 * another and swaps it in with the schema, so that a request sees one configuration from start to end.
 */
export function buildYoga({ config, version, manifest, shared }: BuildYogaOptions): ConfiguredYoga {
  const { logger, metrics } = shared;
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
    plugins: featurePlugins({ ...shared, config, version, ...(manifest && { manifest }), ...(authenticate && { authenticate }), operationCost }),
  });
  return { yoga, ...(authenticate && { authenticate }) };
}
