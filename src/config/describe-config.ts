import { byteSizeSchema } from './limits-config.js';
import { durationSchema } from './schema-helpers.js';
import { gatewayConfigSchema } from './gateway-config.js';
import { formatOrigin, type ConfigOrigins } from './origins.js';
import { innerSchema, schemaKeys } from './schema-keys.js';
import { redact } from './secrets.js';

/** One key of the effective configuration, safe to print. */
export interface ConfigEntry {
  key: string;
  /** The value in effect, secrets redacted; undefined when the key is not set. */
  value: unknown;
  /** `default`, `gateway.yaml:<line>`, `env <VARIABLE>` or a flag such as `--port`. */
  origin: string;
}

// Read for compatibility, never in effect on its own: `cors.origins` shows what it gave.
const FORMER_NAMES: ReadonlySet<string> = new Set(['cors.origin']);

/** Every key of `gateway.yaml` with the value in effect and where it came from, in schema order. */
export function describeConfig(config: object, origins: ConfigOrigins): ConfigEntry[] {
  return schemaKeys(gatewayConfigSchema)
    .filter(({ path }) => !FORMER_NAMES.has(path.join('.')))
    .map(({ path, schema }) => {
      const value = displayValue(valueAt(config, path), innerSchema(schema));
      return { key: path.join('.'), value: redact(path, value), origin: formatOrigin(origins.of(path)) };
    });
}

function valueAt(config: object, path: readonly string[]): unknown {
  let value: unknown = config;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

// Durations and sizes as they are written in gateway.yaml, so a line can be copied back.
function displayValue(value: unknown, schema: unknown): unknown {
  if (typeof value === 'number' && schema === durationSchema) return formatDuration(value);
  if (typeof value === 'number' && schema === byteSizeSchema) return formatBytes(value);
  // cors.origins holds parsed patterns; each remembers how it was written.
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' && 'source' in item ? (item as { source: unknown }).source : item));
  return value;
}

function formatDuration(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [['mb', 1024 * 1024], ['kb', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
