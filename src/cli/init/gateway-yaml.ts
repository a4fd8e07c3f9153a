import { stringify } from 'yaml';
import type { z } from 'zod';
import { durationSchema } from '../../config/schema-helpers.js';
import { envBindings, gatewayConfigSchema } from '../../config/gateway-config.js';

/** The parts of zod's schema definitions this walk reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The schema a user writes under a key: defaults, optionals and preprocessing peeled off, and for a
 * schema that transforms its input, the input side (what `gateway.yaml` holds, not what it becomes).
 */
function written(schema: z.ZodType): z.ZodType {
  for (;;) {
    if (schema === durationSchema) return schema;
    const def = defOf(schema);
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type)) schema = def.innerType;
    else if (def.type === 'pipe' && def.in && def.out) schema = defOf(def.in).type === 'transform' ? def.out : def.in;
    else return schema;
  }
}

function formatDuration(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms === 0 ? '0' : `${ms}ms`;
}

function formatValue(schema: z.ZodType, value: unknown): string {
  if (schema === durationSchema && typeof value === 'number') return formatDuration(value);
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

const envByPath = new Map(Object.entries(envBindings).map(([variable, path]) => [path.join('.'), variable]));

function lines(shape: Record<string, z.ZodType>, defaults: Record<string, unknown> | undefined, path: string[], depth: number): string[] {
  const out: string[] = [];
  const indent = '  '.repeat(depth);
  for (const [key, schema] of Object.entries(shape)) {
    const inner = written(schema);
    const value = defaults?.[key];
    const keyPath = [...path, key];
    const env = envByPath.get(keyPath.join('.'));
    const innerShape = defOf(inner).shape;
    if (innerShape && (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value)))) {
      out.push(`# ${indent}${key}:${env ? `  # ${env}` : ''}`);
      out.push(...lines(innerShape, value as Record<string, unknown> | undefined, keyPath, depth + 1));
      continue;
    }
    const note = [value === undefined ? 'not set' : undefined, env].filter(Boolean).join('; ');
    if (typeof value === 'string' && value.includes('\n')) {
      // A text of several lines as a literal block, one commented line per line of text.
      const text = value.replace(/\n$/, '');
      out.push(`# ${indent}${key}: ${value.endsWith('\n') ? '|' : '|-'}${note ? `  # ${note}` : ''}`);
      for (const line of text.split('\n')) out.push(line === '' ? '#' : `# ${indent}  ${line}`);
      continue;
    }
    out.push(`# ${indent}${key}:${value === undefined ? '' : ` ${formatValue(inner, value)}`}${note ? `  # ${note}` : ''}`);
  }
  return out;
}

/**
 * A `gateway.yaml` listing every key with its default, all commented out: generated from the
 * configuration schema, so that it lists exactly the keys and defaults of the running Plexus.
 * The comment after a key names the environment variable that overrides it.
 */
export function defaultGatewayYaml(): string {
  const defaults = gatewayConfigSchema.parse({}) as Record<string, unknown>;
  const shape = defOf(written(gatewayConfigSchema)).shape!;
  return [
    '# Gateway configuration. Every key is optional: each line below shows a key with its default.',
    '# Uncomment a line (and the lines of the sections above it) to change it; the comment after a',
    '# key names the environment variable that overrides it. `npx plexus config` prints the',
    '# configuration in effect and where each value came from.',
    ...lines(shape, defaults, [], 0),
    '',
  ].join('\n');
}
