import { stringify } from 'yaml';
import { envBindings, gatewayConfigSchema } from '../../config/gateway-config.js';
import { FORMER_NAMES, innerSchema, schemaKeys } from '../../config/schema-keys.js';
import { valueAt, writtenValue } from '../../config/written-value.js';

const envByPath = new Map(Object.entries(envBindings).map(([variable, path]) => [path.join('.'), variable]));

/** The commented lines of one key: `# <indent>key: value  # note`, a text of several lines as a literal block. */
function keyLines(key: string, value: unknown, note: string, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const comment = note ? `  # ${note}` : '';
  if (typeof value === 'string' && value.includes('\n')) {
    const lines = [`# ${indent}${key}: ${value.endsWith('\n') ? '|' : '|-'}${comment}`];
    for (const line of value.replace(/\n$/, '').split('\n')) lines.push(line === '' ? '#' : `# ${indent}  ${line}`);
    return lines;
  }
  const written = value === undefined ? '' : ` ${stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim()}`;
  return [`# ${indent}${key}:${written}${comment}`];
}

/**
 * A `gateway.yaml` listing every key with its default, all commented out: generated from the
 * configuration schema (the same walk as `plexus config`), so that it lists exactly the keys and
 * defaults of the running Plexus. The comment after a key names the variable that overrides it.
 */
export function defaultGatewayYaml(): string {
  const defaults = gatewayConfigSchema.parse({}) as object;
  const out = [
    '# Gateway configuration. Every key is optional: each line below shows a key with its default.',
    '# Uncomment a line (and the lines of the sections above it) to change it; the comment after a',
    '# key names the environment variable that overrides it. `npx plexus config` prints the',
    '# configuration in effect and where each value came from.',
  ];
  let open: string[] = [];
  for (const { path, schema } of schemaKeys(gatewayConfigSchema)) {
    if (FORMER_NAMES.has(path.join('.'))) continue;
    const sections = path.slice(0, -1);
    let shared = 0;
    while (shared < open.length && open[shared] === sections[shared]) shared++;
    for (let depth = shared; depth < sections.length; depth++) {
      const env = envByPath.get(sections.slice(0, depth + 1).join('.'));
      out.push(`# ${'  '.repeat(depth)}${sections[depth]}:${env ? `  # ${env}` : ''}`);
    }
    open = sections;
    const value = writtenValue(valueAt(defaults, path), innerSchema(schema));
    const note = [value === undefined ? 'not set' : undefined, envByPath.get(path.join('.'))].filter(Boolean).join('; ');
    out.push(...keyLines(path.at(-1)!, value, note, sections.length));
  }
  return [...out, ''].join('\n');
}
