import { createHash } from 'node:crypto';
import type { GatewayConfig } from './gateway-config.js';
import { redact } from './secrets.js';

/**
 * Keys a running gateway cannot take on a reload: they bind the socket, open connections or size
 * stores made once per process. A reload that changes one logs it and keeps the value in use.
 * Every other key (limits, rate limit points and window, cache TTLs and hints, CORS, auth keys,
 * trusted documents, GraphiQL, introspection, ...) is read per request and takes effect.
 */
export const RESTART_ONLY_KEYS: readonly string[] = [
  'port',
  'host',
  'redis',
  'logging',
  'tracing',
  'shutdown',
  'readiness',
  'websocket',
  'plugins',
  'resolvers',
  'upstream',
  'httpStreams',
  // The stores (and the Redis connection they may need) are made at start for what was on then.
  'rateLimit.enabled',
  'rateLimit.store',
  'cache.enabled',
  'cache.store',
  'cache.maxEntries',
  'cache.maxBytes',
  'cache.keyPrefix',
  // The APQ store in Redis is made at start with these.
  'persistedDocuments.apq.store',
  'persistedDocuments.apq.ttl',
  'persistedDocuments.apq.keyPrefix',
  'persistedDocuments.apq.maxDocumentBytes',
  // The status page's rolling window is made at start; its token is read per request.
  'status.enabled',
  'status.window',
  'status.refresh',
];

export interface ReloadedConfig {
  /** The configuration to serve: the new one, with the restart-only keys of the one in use. */
  config: GatewayConfig;
  /** Keys (dotted paths) whose new value is served. */
  changed: string[];
  /** Keys whose new value waits for a restart. */
  needsRestart: string[];
}

/** Compares a freshly read configuration with the one in use and keeps what needs a restart. */
export function reloadConfig(current: GatewayConfig, next: GatewayConfig): ReloadedConfig {
  const config = structuredClone(next);
  const changed: string[] = [];
  const needsRestart: string[] = [];
  for (const path of differences(current, next, [])) {
    const key = path.join('.');
    const restart = RESTART_ONLY_KEYS.find((prefix) => key === prefix || key.startsWith(`${prefix}.`));
    if (restart === undefined) {
      changed.push(key);
      continue;
    }
    needsRestart.push(key);
    const prefix = restart.split('.');
    setAt(config, prefix, structuredClone(getAt(current, prefix)));
  }
  return { config, changed, needsRestart };
}

/** A short hash of a configuration: equal on gateways serving the same effective settings. */
export function configVersion(config: GatewayConfig): string {
  // Secrets are redacted first: the version tells nothing about them.
  return createHash('sha256')
    .update(stableJson(redact([], config)))
    .digest('hex')
    .slice(0, 12);
}

/** The dotted paths whose values differ; arrays are compared whole. */
function differences(left: unknown, right: unknown, path: string[]): string[][] {
  if (isRecord(left) && isRecord(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].sort().flatMap((key) => differences(left[key], right[key], [...path, key]));
  }
  return stableJson(left) === stableJson(right) ? [] : [path];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stableJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) =>
      isRecord(item)
        ? Object.fromEntries(
            Object.keys(item)
              .sort()
              .map((key) => [key, item[key]]),
          )
        : item,
    ) ?? 'undefined'
  );
}

function getAt(target: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), target);
}

function setAt(target: object, path: readonly string[], value: unknown): void {
  const parent = getAt(target, path.slice(0, -1));
  if (isRecord(parent)) parent[path[path.length - 1]!] = value;
}
