import { existsSync } from 'node:fs';
import type { Env } from './interpolate.js';
import { interpolateDeep } from './interpolate.js';
import { ConfigurationError, type Problem } from './problems.js';
import { envBindings, gatewayConfigSchema, type GatewayConfig } from './gateway-config.js';
import { parseYaml, readYaml, validateYaml, type YamlSource } from './yaml-file.js';

export interface LoadGatewayConfigOptions {
  /** Absolute path of the config file. */
  path: string;
  /** How to name the file in messages. */
  displayPath: string;
  /** When false, a missing file means "all defaults"; when true (given with --config) it is an error. */
  required: boolean;
  env: Env;
  /** Values from command-line flags; they win over the file and the environment. */
  overrides?: Record<string, unknown>;
}

/** Reads `gateway.yaml`, applies environment variables and flags, validates once. Throws ConfigurationError. */
export async function loadGatewayConfig(options: LoadGatewayConfigOptions): Promise<GatewayConfig> {
  let source: YamlSource;
  if (!options.required && !existsSync(options.path)) {
    source = (parseYaml('{}', options.displayPath) as { ok: true; value: YamlSource }).value;
  } else {
    const read = await readYaml(options.path, options.displayPath);
    if (!read.ok) throw new ConfigurationError(read.problems);
    source = read.value;
  }
  const raw = interpolateDeep(source.value, options.env);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigurationError([{ file: options.displayPath, message: 'expected a mapping of keys' }]);
  }
  const fromEnv = new Map<string, string>();
  const merged = structuredClone(raw) as Record<string, unknown>;
  for (const [variable, path] of Object.entries(envBindings)) {
    const value = options.env[variable];
    if (value === undefined || value === '') continue;
    setIn(merged, path, value);
    fromEnv.set(path.join('.'), variable);
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setIn(merged, key.split('.'), value);
  }
  const result = validateYaml(gatewayConfigSchema, source, merged);
  if (!result.ok) throw new ConfigurationError(result.problems.map((problem) => attributeToEnv(problem, fromEnv)));
  return result.value;
}

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

// A bad value that came from the environment is reported as that variable, not as the file.
function attributeToEnv(problem: Problem, fromEnv: Map<string, string>): Problem {
  for (const [key, variable] of fromEnv) {
    if (problem.message.startsWith(`"${key}"`)) {
      return { file: `environment variable ${variable}`, message: problem.message.replace(`"${key}"`, `value`) };
    }
  }
  return problem;
}
