import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ConfigurationError } from '../config/problems.js';
import { loadManifest } from '../persisted-documents/manifest.js';
import { applyCacheHints } from './cache-hints.js';

export interface PreparedCaching {
  /** Trusted documents by id, when `persistedDocuments.trusted.manifest` is set. */
  manifest?: ReadonlyMap<string, string>;
}

/** Checks the `cache` and `persistedDocuments` sections and reads the files they name, once per process. Throws ConfigurationError. */
export async function prepareCaching(config: GatewayConfig, cwd: string): Promise<PreparedCaching> {
  const path = config.persistedDocuments.trusted.manifest;
  return path === undefined ? {} : { manifest: await loadManifest(path, cwd) };
}

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
