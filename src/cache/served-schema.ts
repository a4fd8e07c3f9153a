import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ConfigurationError } from '../config/problems.js';
import { applyCacheHints } from './cache-hints.js';

/**
 * The schema to serve: `schema` with gateway.yaml's cache hints written on it when the cache is on.
 * Runs for every schema the gateway loads, since hints name types and fields that a reload may
 * remove. Throws ConfigurationError.
 */
export function servedSchema(config: GatewayConfig, schema: GraphQLSchema): GraphQLSchema {
  if (!config.cache.enabled) return schema;
  const hinted = applyCacheHints(schema, config.cache);
  if (hinted.problems.length > 0) throw new ConfigurationError(hinted.problems);
  return hinted.schema;
}
