import { createHash } from 'node:crypto';
import type { GatewayConfig } from '../config/gateway-config.js';
import { redact } from '../config/secrets.js';

/**
 * A short name for the effective gateway configuration: 12 hex digits of the SHA-256 of its values
 * with keys in a stable order. Secrets are redacted first, so the version tells nothing about them
 * (and does not change when only a secret does).
 */
export function configVersion(config: GatewayConfig): string {
  return createHash('sha256').update(stableText(redact([], config))).digest('hex').slice(0, 12);
}

function stableText(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof RegExp) return JSON.stringify(String(value));
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined && typeof item !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableText(item)}`).join(',')}}`;
}
