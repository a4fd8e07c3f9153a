import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Env } from './interpolate.js';
import { interpolateDeep } from './interpolate.js';
import { ConfigurationError } from './problems.js';
import { envBindings, gatewayConfigSchema, type GatewayConfig } from './gateway-config.js';
import { ConfigOrigins } from './origins.js';
import { parseYaml, readYaml, validateValue, type YamlSource } from './yaml-file.js';

/** A value given on the command line for one config key. */
export interface FlagValue {
  /** The flag as typed, for messages and `plexus config`, e.g. `--port`. */
  flag: string;
  /** Undefined when the flag was not given. */
  value: unknown;
}

export interface LoadGatewayConfigOptions {
  /** Absolute path of the config file. */
  path: string;
  /** How to name the file in messages. */
  displayPath: string;
  /** When false, a missing file means "all defaults"; when true (given with --config) it is an error. */
  required: boolean;
  env: Env;
  /** Values from command-line flags by key (`port`, `limits.maxDepth`); they win over the file and the environment. Default none. */
  flags?: Record<string, FlagValue>;
  /** Values set by the program that embeds the gateway, by key; they win over everything. Default none. */
  overrides?: Record<string, unknown>;
}

/** A validated configuration and where each of its values came from. */
export interface ResolvedGatewayConfig {
  config: GatewayConfig;
  origins: ConfigOrigins;
}

/** Reads `gateway.yaml`, applies environment variables and flags, validates once. Throws ConfigurationError. */
export async function loadGatewayConfig(options: LoadGatewayConfigOptions): Promise<GatewayConfig> {
  return (await resolveGatewayConfig(options)).config;
}

/**
 * As `loadGatewayConfig`, keeping where each value came from (`plexus config` shows it). Every
 * problem is placed where its value came from: the file's line, the variable or the flag.
 */
export async function resolveGatewayConfig(options: LoadGatewayConfigOptions): Promise<ResolvedGatewayConfig> {
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
    throw new ConfigurationError([{ file: options.displayPath, line: 1, message: 'expected a mapping of keys' }]);
  }
  const origins = new ConfigOrigins(source);
  const merged = structuredClone(raw) as Record<string, unknown>;
  for (const [variable, path] of Object.entries(envBindings)) {
    const value = options.env[variable];
    if (value === undefined || value === '') continue;
    setIn(merged, path, value);
    origins.setByEnvironment(path, variable);
  }
  for (const [key, { flag, value }] of Object.entries(options.flags ?? {})) {
    if (value === undefined) continue;
    setIn(merged, key.split('.'), value);
    origins.setByFlag(key.split('.'), flag);
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    setIn(merged, key.split('.'), value);
    origins.setByFlag(key.split('.'), `overrides.${key}`);
  }
  const result = validateValue(gatewayConfigSchema, merged);
  if (!result.ok) throw new ConfigurationError(result.issues.map((issue) => origins.locate(issue)));
  const config = result.value;
  // Modules are named relative to gateway.yaml's folder, and errors about them point at their line.
  for (const key of ['plugins', 'resolvers'] as const) {
    config[key] = config[key].map((entry, index) => {
      const origin = origins.of([key, index]);
      const declaredAt =
        origin.kind === 'file'
          ? { file: origin.file, line: origin.line }
          : origin.kind === 'environment'
            ? { file: `environment variable ${origin.variable}` }
            : { file: options.displayPath };
      return { ...entry, path: isPathLike(entry.module) ? resolve(dirname(options.path), entry.module) : entry.module, declaredAt };
    });
  }
  return { config, origins };
}

/** A relative or absolute path, as opposed to a package name. */
function isPathLike(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/') || /^[A-Za-z]:[\\/]/.test(module);
}

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    // A switch written as a plain value (`graphiql: false`) keeps its meaning when a variable sets a key inside it.
    if (typeof next === 'boolean') node[key] = { enabled: next };
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
