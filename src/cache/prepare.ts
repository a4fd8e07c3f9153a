import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ConfigurationError, type Problem } from '../config/problems.js';
import { loadManifest } from '../persisted-documents/manifest.js';
import { applyCacheHints } from './cache-hints.js';

export interface PreparedCaching {
  /** The schema to serve: with gateway.yaml's cache hints written on it when the cache is on. */
  schema: GraphQLSchema;
  /** Trusted documents by id, when `persistedDocuments.trusted.manifest` is set. */
  manifest?: ReadonlyMap<string, string>;
}

/** Checks the `cache` and `persistedDocuments` sections against the schema and the files they name. Throws ConfigurationError. */
export async function prepareCaching(config: GatewayConfig, schema: GraphQLSchema, cwd: string): Promise<PreparedCaching> {
  const problems: Problem[] = [];
  if (config.cache.enabled && config.cache.store === 'redis' && config.redis.cluster) {
    problems.push({ file: 'gateway.yaml', message: '"cache.store": the Redis response cache does not support Redis Cluster (redis.cluster); use a single Redis for the cache or the memory store' });
  }
  const hinted = config.cache.enabled ? applyCacheHints(schema, config.cache) : { schema, problems: [] };
  problems.push(...hinted.problems);
  if (problems.length > 0) throw new ConfigurationError(problems);
  const path = config.persistedDocuments.trusted.manifest;
  return { schema: hinted.schema, ...(path !== undefined && { manifest: await loadManifest(path, cwd) }) };
}
