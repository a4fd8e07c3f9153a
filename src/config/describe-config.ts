import { gatewayConfigSchema } from './gateway-config.js';
import { formatOrigin, type ConfigOrigins } from './origins.js';
import { FORMER_NAMES, innerSchema, schemaKeys } from './schema-keys.js';
import { redact } from './secrets.js';
import { valueAt, writtenValue } from './written-value.js';

/** One key of the effective configuration, safe to print. */
export interface ConfigEntry {
  key: string;
  /** The value in effect, secrets redacted; undefined when the key is not set. */
  value: unknown;
  /** `default`, `gateway.yaml:<line>`, `env <VARIABLE>` or a flag such as `--port`. */
  origin: string;
}

/** Every key of `gateway.yaml` with the value in effect and where it came from, in schema order. */
export function describeConfig(config: object, origins: ConfigOrigins): ConfigEntry[] {
  return schemaKeys(gatewayConfigSchema)
    .filter(({ path }) => !FORMER_NAMES.has(path.join('.')))
    .map(({ path, schema }) => {
      const value = writtenValue(valueAt(config, path), innerSchema(schema));
      return { key: path.join('.'), value: redact(path, value), origin: formatOrigin(origins.of(path)) };
    });
}
