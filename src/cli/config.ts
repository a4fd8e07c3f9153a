import { describeConfig, type ConfigEntry } from '../config/describe-config.js';
import { resolveGatewayConfig } from '../config/load-gateway-config.js';
import { gatewayConfigOptions, type GatewayFileOptions } from './gateway-options.js';

export interface ConfigOptions extends GatewayFileOptions {
  /** Print `{ key: { value, origin } }` as JSON instead of a table. */
  json?: boolean;
}

/** Widest value column; a longer value pushes its origin to the right. */
const VALUE_WIDTH = 40;

/**
 * `plexus config`: the configuration `plexus start` would run with, loaded the same way, each key
 * with its value and where it came from; secrets are redacted. Returns the exit code.
 */
export async function configCommand(options: ConfigOptions, cwd = process.cwd(), write = (line: string) => process.stdout.write(`${line}\n`)): Promise<number> {
  const { config, origins } = await resolveGatewayConfig(gatewayConfigOptions(options, cwd));
  const entries = describeConfig(config, origins);
  if (options.json) {
    write(JSON.stringify(Object.fromEntries(entries.map(({ key, value, origin }) => [key, { value: value ?? null, origin }])), null, 2));
    return 0;
  }
  const rows = entries.map((entry) => [entry.key, showValue(entry), entry.origin] as const);
  const keyWidth = Math.max(...rows.map(([key]) => key.length));
  const valueWidth = Math.min(VALUE_WIDTH, Math.max(...rows.map(([, value]) => value.length)));
  for (const [key, value, origin] of rows) write(`${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${origin}`);
  return 0;
}

function showValue({ value }: ConfigEntry): string {
  if (value === undefined) return '(not set)';
  // A text of several lines would break the table: its first line and how many follow (--json has it whole).
  if (typeof value === 'string' && value.includes('\n')) {
    const lines = value.replace(/\n$/, '').split('\n');
    return `${lines[0]} … (${lines.length} lines)`;
  }
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}
