import { byteSizeSchema, durationSchema } from './schema-helpers.js';

/** The value at `path` of a parsed configuration, or undefined. */
export function valueAt(config: object, path: readonly string[]): unknown {
  let value: unknown = config;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * A parsed value as it is written in gateway.yaml (durations and sizes with their units, origin
 * patterns as written), so that a printed line can be copied back into the file.
 */
export function writtenValue(value: unknown, schema: unknown): unknown {
  if (typeof value === 'number' && schema === durationSchema) return formatDuration(value);
  if (typeof value === 'number' && schema === byteSizeSchema) return formatBytes(value);
  // cors.origins holds parsed patterns; each remembers how it was written.
  if (Array.isArray(value))
    return value.map((item) => (item !== null && typeof item === 'object' && 'source' in item ? (item as { source: unknown }).source : item));
  return value;
}

function formatDuration(ms: number): string | number {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms === 0 ? 0 : `${ms}ms`;
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['mb', 1024 * 1024],
    ['kb', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
